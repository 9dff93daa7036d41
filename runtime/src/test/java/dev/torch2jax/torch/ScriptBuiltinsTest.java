package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.checkAgainstLibtorch;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * TorchScript's builtins on ints, floats, bools, strings, lists and dicts: each row a function
 * {@code f(x, n: int, y: float, b: bool)} compiled by libtorch, whose result under {@code T2J.t2j}
 * (op by op and under jit) must equal what libtorch's own interpreter returns.
 */
class ScriptBuiltinsTest {
  private static final String HEADER = "def f(x, n: int, y: float, b: bool):\n";

  /** One builtin family: a name and the function body (indented by four spaces). */
  private record Row(String name, String body) {}

  private static final List<Row> ROWS =
      List.of(
          new Row(
              "sum of int, float and bool lists",
              "return sum([n, 2, -5]), sum([y, 1.5]), sum([b, True, False])"),
          new Row(
              "min and max of lists",
              "return min([n, 3, 1]), max([y, 2.0, -1.0]), max([n, 9]), min([y])"),
          new Row(
              "min and max of pairs and mixed pairs",
              "return min(n, 5), max(y, 0.5), max(n, y), min(2.5, n), max(b, False)"),
          new Row(
              "min and max of two lists",
              "return min([n, 2], [n, 1]), max([1, 2, 3], [1, 2]), min([y], [y, 1.0])"),
          new Row(
              "len of lists, strings and dicts",
              "d = {'a': n, 'b': 2}\n    return len([n, n]), len('abc'), len(d), len([y])"),
          new Row(
              "list contains, index and count",
              "l = [n, 3, n, 4]\n    return n in l, 9 in l, l.index(3), l.count(n), y in [y, 1.0], 'a' in ['b', 'a']"),
          new Row(
              "append, extend, insert",
              "l = [n, 1]\n    l.append(5)\n    l.extend([7, 8])\n    l.insert(0, -1)\n    l.insert(-1, 42)\n    l.insert(100, 9)\n    return l"),
          new Row(
              "pop, remove, clear",
              "l = [n, 1, 2, 3, 1]\n    p = l.pop()\n    q = l.pop(0)\n    l.remove(1)\n    m = [1, 2]\n    m.clear()\n    return l, p, q, m"),
          new Row(
              "reverse, sort, sorted, copy",
              "l = [n, 1, 5, -2]\n    c = l.copy()\n    l.reverse()\n    s = sorted(l)\n    l.sort()\n    c.sort(reverse=True)\n    f = [y, 0.5, -1.0]\n    f.sort()\n    w = ['b', 'a']\n    w.sort()\n    return l, c, s, f, w"),
          new Row(
              "list slicing",
              "l = [n, 1, 2, 3, 4, 5]\n    return l[1:3], l[::-1], l[::2], l[-2:], l[:-4], l[4:1], l[1:100:3]"),
          new Row(
              "list item set and get",
              "l = [n, 1, 2]\n    l[0] = 10\n    l[-1] = n * 2\n    return l, l[-2], l[1]"),
          new Row(
              "list concat and repeat",
              "l = [n, 1]\n    m = l + [2]\n    l += [3]\n    return m, l, l * 2, [y] * n, 2 * [b], l * 0"),
          new Row("tensor dim and list of sizes", "return x.dim(), len(x.shape), x.shape[-1]"),
          new Row(
              "format and str",
              "return '{} and {}'.format(n, y), str(n), str([n, 2]), str(b), '{}'.format([y, 1.0]), str(2.5), str(0.1), str(1e-5), str(y * 1e20), str(-3.0), '{}'.format(y / 3)"),
          new Row(
              "string predicates",
              "s = 'hello_world'\n    return s.startswith('hell'), s.endswith('ld'), s.startswith('x'), 'lo_' in s, s.isdigit(), '42'.isdigit()"),
          new Row(
              "string join, split, case, strip",
              "s = ' a,b,c '\n    p = s.strip().split(',')\n    return p, '-'.join(p), s.upper(), 'AbC'.lower(), s.lstrip(), s.rstrip(), 'a b  c'.split()"),
          new Row(
              "string find, replace, slice, index",
              "s = 'abcabc'\n    return s.find('c'), s.rfind('c'), s.find('z'), s.replace('b', 'XY'), s[1:4], s[::-1], s[n % 6], s + 'd', s.count('a')"),
          new Row("string compare and multiply", "return 'a' < 'b', 'a' == 'a', 'ab' != 'ab'"),
          new Row(
              "dict get, keys, values, items",
              "d = {'a': n, 'b': 2}\n    return d['a'], d.get('b'), d.get('z', 7), d.keys(), d.values(), d.items()"),
          new Row(
              "dict contains, set, setdefault, pop",
              "d = {'a': n}\n    d['b'] = 3\n    s = d.setdefault('c', 5)\n    t = d.setdefault('a', 9)\n    p = d.pop('b')\n    q = d.pop('z', -1)\n    return 'a' in d, 'b' in d, s, t, p, q, d"),
          new Row(
              "dict update, copy, clear, iteration",
              "d = {'a': n}\n    e = d.copy()\n    d.update({'b': 4})\n    ks: List[str] = []\n    for k in d:\n        ks.append(k)\n    e.clear()\n    return d, e, ks, len(e)"),
          new Row(
              "int dict keys",
              "d = {n: 'x', 2: 'y'}\n    return d[n], d.get(3, 'none'), 2 in d, len(d)"),
          new Row(
              "floor division and modulo",
              "return n // 3, -n // 2, y // 0.4, -y // 1.0, n % -3, -n % 4, y % 0.7, -y % 2.0, n // y"),
          new Row(
              "true division and power",
              "return n / 2, y / n, n ** 2, y ** 0.5, 2 ** -1, n ** y, 2.0 ** n"),
          new Row(
              "math module",
              "return torch.ceil(y), torch.floor(-y), torch.sqrt(y), torch.log(y), torch.log(8.0, 2.0), torch.log10(100.0), torch.exp(y), torch.fabs(-y), torch.pow(y, 2.0)"),
          new Row(
              "math trigonometry and tests",
              "return torch.sin(y), torch.cos(y), torch.tanh(y), torch.atan2(y, 2.0), torch.isnan(y), torch.isinf(y), torch.isfinite(y)"),
          new Row(
              "math on ints",
              "return torch.gcd(n, 21), torch.factorial(5), torch.sqrt(n), torch.ceil(n / 2), torch.log(n), torch.exp(n), torch.copysign(3.0, -y)"),
          new Row(
              "int float bool conversions",
              "return int(y), int(-y), float(n), bool(n), bool(0.0), int(b), float(b), int('12'), float('1.25'), int(n / 2)"),
          new Row("neg and round", "return -n, -y, round(y), round(2.5), round(-0.5)"),
          new Row(
              "dict constructors",
              "d = dict([('a', n), ('b', 2)])\n    e = dict(d)\n    e['c'] = 3\n    f: Dict[str, int] = dict()\n    return d, e, len(f)"),
          new Row(
              "any and all of lists",
              "return any([n > 2, b]), all([n > 2, b]), any([0, n]), all([1, n]), any([0.0]), all([b]), any([False, b])"),
          new Row(
              "abs and divmod",
              "return abs(-n), abs(-y), divmod(n, 3), divmod(-n, 4), divmod(y, 0.7)"),
          new Row("int bit operations", "return n << 2, n >> 1, n & 6, n | 8, n ^ 5"),
          new Row(
              "comparisons and boolean logic",
              "return n > 2, y <= 1.5, n == y, n != 3, b and n > 1, b or n < 1, not b, n > 2.5, 1 < n < 10"),
          new Row(
              "range loops",
              "out: List[int] = []\n    for i in range(n):\n        out.append(i * 2)\n    for i in range(1, n, 3):\n        out.append(i)\n    for i in range(n, 0, -2):\n        out.append(-i)\n    return out"),
          new Row(
              "enumerate and zip",
              "l = [n, 5, 7]\n    out: List[int] = []\n    for i, v in enumerate(l):\n        out.append(i * v)\n    for p, q in zip(l, [1, 2]):\n        out.append(p - q)\n    return out"),
          new Row(
              "list of lists and list comprehension",
              "m = [[n, 1], [2, 3]]\n    m[0].append(9)\n    sq = [v * v for v in m[0]]\n    return m, sq, len(m[0]), [n] == [n], [1, 2] != [1, 3]"),
          new Row(
              "tuples",
              "t = (n, y, 'a')\n    u = (1, 2)\n    return t[0], t[1:], len(t), u == (1, 2), u + (3,)"),
          new Row(
              "float specials",
              "i = float('inf')\n    return i > y, -i < y, torch.isinf(i), float('-inf')"),
          new Row(
              "list of floats and bools",
              "fl = [y, 2.0]\n    fl.append(3.5)\n    bl = [b, True]\n    bl.append(False)\n    return fl, bl, sum(fl), max(fl), bl.count(True), fl.index(2.0)"));

  private static Tensor x() {
    return Tensor.create(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
  }

  @TestFactory
  Stream<DynamicTest> builtinsMatchLibtorch() {
    return ROWS.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.name(),
                    () -> {
                      String src = HEADER + "    " + r.body() + "\n";
                      checkAgainstLibtorch(src, "f", x(), 7L, 1.3, true);
                      checkAgainstLibtorch(src, "f", x(), 4L, 2.75, false);
                    }));
  }

  @Test
  void unsupportedBuiltinNamesTheOpAndSourceLine() {
    TorchFunction t =
        T2J.t2j(Scripts.function("def f(x, n: int):\n    return x + torch.lgamma(n)\n", "f"));
    UnsupportedOpException e =
        assertThrows(UnsupportedOpException.class, () -> t.apply(Array.of(new float[] {1}), 3L));
    assertTrue(e.getMessage().contains("aten::lgamma.int"), e.getMessage());
    assertTrue(e.getMessage().contains("x + torch.lgamma(n)"), e.getMessage());
  }
}
