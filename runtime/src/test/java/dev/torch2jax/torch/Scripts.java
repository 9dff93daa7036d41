package dev.torch2jax.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.BoolType;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.QualifiedNameOptional;
import org.bytedeco.pytorch.SimpleSelf;
import org.bytedeco.pytorch.SingletonTypePtr;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.Type;
import org.bytedeco.pytorch.global.torch;

/** Test helpers: TorchScript compiled by libtorch, run eagerly by libtorch as the oracle. */
final class Scripts {
  /** Compilation units stay alive for the whole test run (functions point into them). */
  private static final List<CompilationUnit> UNITS = new ArrayList<>();

  private Scripts() {}

  /** Function {@code name} of {@code source}. */
  static Function function(String source, String name) {
    CompilationUnit cu = torch.compile(source);
    synchronized (UNITS) {
      UNITS.add(cu);
    }
    return cu.get_function(new QualifiedName(name));
  }

  /** A module with a {@code training} attribute (as Python modules have), parameters to add. */
  static JitModule module(String name) {
    JitModule m = new JitModule(new QualifiedName(name), new CompilationUnit(), true);
    m.register_attribute(
        "training",
        new Type.TypePtr(new SingletonTypePtr(BoolType.get().get())),
        new IValue(true),
        false,
        false);
    return m;
  }

  /** Defines methods of {@code m} from TorchScript source. */
  static void define(JitModule m, String source) {
    m._ivalue()
        .compilation_unit()
        .define(
            new QualifiedNameOptional(m.type().name().get()),
            source,
            torch.nativeResolver(),
            new SimpleSelf(m.type()));
  }

  /** Runs a function in libtorch on copies of the inputs; returns the output IValue. */
  static IValue eager(Function f, Object... inputs) {
    return f.apply(args(inputs));
  }

  /** Runs a module's forward in libtorch on copies of the inputs. */
  static IValue eager(JitModule m, Object... inputs) {
    return m.forward(args(inputs));
  }

  private static IValueVector args(Object... inputs) {
    IValue[] vs = new IValue[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      vs[i] =
          switch (inputs[i]) {
            case Tensor t -> new IValue(t.clone());
            case Long l -> new IValue(l);
            case Integer l -> new IValue((long) l);
            case Double d -> new IValue(d);
            case Boolean b -> new IValue(b);
            case String str -> new IValue(str);
            case null -> new IValue();
            default -> throw new IllegalArgumentException(String.valueOf(inputs[i]));
          };
    }
    return new IValueVector(vs);
  }

  /** A float tensor of {@code shape} with the values {@code data}. */
  static Tensor tensor(float[] data, long... shape) {
    return Tensor.create(data, shape);
  }

  /** Asserts that {@code actual} matches the libtorch tensor in shape, dtype and values. */
  static void assertMatches(Tensor expected, Object actual) {
    Array a = (Array) actual;
    assertArrayEquals(expected.shape(), a.shape(), "shape");
    assertEquals(
        ScalarTypes.toDType(expected.scalar_type()),
        a.dtype(),
        "dtype of " + Arrays.toString(a.shape()));
    Array e = T2J.t2j(expected);
    double[] ev = e.toDoubleArray();
    double[] av = a.toDoubleArray();
    for (int i = 0; i < ev.length; i++) {
      double tol = 1e-5 * Math.max(1, Math.abs(ev[i]));
      if (!(Math.abs(ev[i] - av[i]) <= tol || (Double.isNaN(ev[i]) && Double.isNaN(av[i])))) {
        throw new AssertionError(
            "element "
                + i
                + ": expected "
                + Arrays.toString(ev)
                + " but got "
                + Arrays.toString(av));
      }
    }
  }

  /** Asserts float values. */
  static void assertValues(float[] expected, Object actual) {
    assertArrayEquals(expected, ((Array) actual).toFloatArray(), 1e-5f);
  }

  /**
   * Asserts that a torch2jax result equals libtorch's: tensors by shape, dtype and values, tuples
   * and lists element by element, dicts by key, numbers and strings exactly.
   */
  static void assertSameResult(IValue expected, Object actual) {
    try {
      compare(expected, actual);
    } finally {
      java.lang.ref.Reference.reachabilityFence(expected);
    }
  }

  /** The tensor of an IValue, copied out while the IValue is reachable. */
  static Tensor tensorOf(IValue v) {
    Tensor out = v.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(v);
    return out;
  }

  /** Element {@code i} of a tuple IValue, a tensor copied out while the tuple is reachable. */
  static Tensor tupleTensor(IValue tuple, int i) {
    org.bytedeco.pytorch.Tuple t = tuple.toTuple();
    org.bytedeco.pytorch.TupleElements e = t.elements();
    IValue x = e.get(i);
    Tensor out = x.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(x);
    java.lang.ref.Reference.reachabilityFence(e);
    java.lang.ref.Reference.reachabilityFence(t);
    java.lang.ref.Reference.reachabilityFence(tuple);
    return out;
  }

  private static void compare(IValue expected, Object actual) {
    if (expected.isTensor()) {
      assertMatches(expected.toTensor().clone(), actual);
    } else if (expected.isTuple()) {
      org.bytedeco.pytorch.TupleElements e = expected.toTuple().elements();
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), "tuple size");
      for (int i = 0; i < e.size(); i++) {
        compare(e.get(i), a.get(i));
      }
    } else if (expected.isList()
        || expected.isIntList()
        || expected.isDoubleList()
        || expected.isBoolList()
        || expected.isTensorList()) {
      org.bytedeco.pytorch.GenericList e = expected.toList();
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), "list size");
      for (int i = 0; i < e.size(); i++) {
        compare(e.get(i), a.get(i));
      }
    } else if (expected.isGenericDict()) {
      java.util.Map<?, ?> a = (java.util.Map<?, ?>) actual;
      org.bytedeco.pytorch.GenericDict d = expected.toGenericDict();
      assertEquals(d.size(), a.size(), "dict size");
      for (org.bytedeco.pytorch.GenericDictIterator it = d.begin();
          !it.equals(d.end());
          it = it.increment()) {
        String k = it.access().key().toConstantString().toString();
        compare(it.access().value(), a.get(k));
      }
    } else if (expected.isInt()) {
      assertEquals(expected.toInt(), actual);
    } else if (expected.isDouble()) {
      assertEquals(expected.toDouble(), (Double) actual, 1e-9);
    } else if (expected.isBool()) {
      assertEquals(expected.toBool(), actual);
    } else if (expected.isString()) {
      assertEquals(expected.toConstantString().toString(), actual);
    } else if (expected.isNone()) {
      assertEquals(null, actual);
    } else {
      throw new AssertionError("cannot compare " + expected.tagKind().getString());
    }
  }

  /**
   * Runs function {@code name} of {@code source} in libtorch and with torch2jax (op by op and under
   * jit), and asserts the same results. Tensor inputs are libtorch tensors (copied for each run).
   */
  static void checkAgainstLibtorch(String source, String name, Object... inputs) {
    Function f = function(source, name);
    IValue expected = eager(f, inputs);
    TorchFunction t = T2J.t2j(f);
    Object[] ours = new Object[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      ours[i] = inputs[i] instanceof Tensor x ? T2J.t2j(x) : inputs[i];
    }
    assertSameResult(expected, t.apply(ours));
    assertSameResult(expected, dev.torch2jax.Jax.jit(t).apply(ours));
  }
}
