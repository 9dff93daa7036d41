package dev.torch2jax.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Index;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.JaxprEqn;
import dev.torch2jax.core.Jaxprs;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Var;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Whole programs: jit equals eager, vmap equals a loop, and the IR checks itself. */
class JitEqualsEagerTest {
  private static final Map<String, UnaryOperator<Array>> PROGRAMS =
      Map.of(
          "mlp", x -> Jnp.tanh(Jnp.matmul(x, Jnp.transpose(x))),
          "softmax",
              x ->
                  Jnp.divide(
                      Jnp.exp(Jnp.subtract(x, Jnp.max(x, 1, true))),
                      Jnp.sum(Jnp.exp(Jnp.subtract(x, Jnp.max(x, 1, true))), 1, true)),
          "scan", x -> Jnp.cumsum(Jnp.sort(x, 1), 1),
          "index",
              x ->
                  Jnp.concatenate(
                      List.of(Jnp.get(x, Index.slice(1L, null)), Jnp.get(x, Index.slice(0L, 1L))),
                      0),
          "where", x -> Jnp.where(Jnp.greater(x, Jnp.zerosLike(x)), Jnp.sqrt(x), Jnp.square(x)),
          "stats",
              x ->
                  Jnp.stack(
                      List.of(Jnp.mean(x, 0, false), Jnp.min(x, 0, false), Jnp.max(x, 0, false)),
                      0));

  private static Array input() {
    return Array.of(
        new double[] {0.5, -1.5, 2.0, 0.25, -0.75, 1.25, 3.0, -2.0, 0.1, 0.9, -0.3, 1.7}, 3, 4);
  }

  /**
   * Single-element constants become literals of the program: each dtype's extremes, negative zero,
   * subnormals and non-finite floats come back bit for bit.
   */
  @Test
  void closedOverSingleElementsKeepTheirExactBits() {
    Map<DType, List<String>> cases =
        Map.of(
            DType.BOOL, List.of("01"),
            DType.I8, List.of("80", "7f"),
            DType.I64, List.of("0000000000000080", "ffffffffffffff7f"),
            DType.U32, List.of("ffffffff"),
            DType.U64, List.of("ffffffffffffffff", "0000000000000080"),
            DType.F16, List.of("0100", "0080", "007c", "ff7b"),
            DType.BF16, List.of("0100", "80ff", "aa3e"),
            DType.F32, List.of("00000080", "abaaaa3e", "0000807f", "010000000"),
            DType.F64, List.of("0000000000000080", "555555555555d53f", "000000000000f0ff"));
    for (Map.Entry<DType, List<String>> e : cases.entrySet()) {
      for (String hex : e.getValue()) {
        byte[] bits =
            java.util.HexFormat.of().parseHex(hex.substring(0, 2 * e.getKey().byteSize()));
        Array c = Array.fromBytes(bits, e.getKey(), 1);
        Array zero = Jnp.zerosLike(c);
        Array out = (Array) Jax.jit(a -> Jnp.concatenate(List.of((Array) a[0], c), 0)).apply(zero);
        byte[] got = java.util.Arrays.copyOfRange(out.toBytes(), bits.length, 2 * bits.length);
        assertArrayEquals(bits, got, e.getKey() + " " + hex);
      }
    }
  }

  @Test
  void jitEqualsEagerAndVmapEqualsALoop() {
    Array x = input();
    for (Map.Entry<String, UnaryOperator<Array>> p : PROGRAMS.entrySet()) {
      Fn f = a -> p.getValue().apply((Array) a[0]);
      Array eager = p.getValue().apply(x);
      Array jitted = (Array) Jax.jit(f).apply(x);
      assertArrayEquals(eager.shape(), jitted.shape(), p.getKey());
      assertArrayEquals(eager.toDoubleArray(), jitted.toDoubleArray(), 1e-12, p.getKey());
      Array batch = Jnp.stack(List.of(x, Jnp.multiply(x, Jnp.fullLike(x, 2)), Jnp.negative(x)), 0);
      Array mapped = (Array) Jax.jit(Jax.vmap(f)).apply(batch);
      for (int i = 0; i < 3; i++) {
        Array one = p.getValue().apply(Jnp.get(batch, Index.at(i)));
        assertArrayEquals(
            one.toDoubleArray(),
            Jnp.get(mapped, Index.at(i)).toDoubleArray(),
            1e-12,
            p.getKey() + " example " + i);
      }
    }
  }

  @Test
  void nestedJitPrintsAsPjitAndTypechecks() {
    Fn inner = Jax.jit(a -> Jnp.exp((Array) a[0]));
    Fn outer = a -> Jnp.sum((Array) inner.apply(Jnp.negative((Array) a[0])));
    String text = Jax.makeJaxpr(outer, Array.of(new float[] {1, 2}));
    assertEquals(
        "{ lambda ; a:f32[2]. let\n"
            + "    b:f32[2] = neg a\n"
            + "    c:f32[2] = pjit[jaxpr={ lambda ; d:f32[2]. let\n"
            + "          e:f32[2] = exp d\n"
            + "        in (e,) } name=jit_fn] b\n"
            + "    f:f32[] = reduce_sum[axes=(0,)] c\n"
            + "  in (f,) }",
        text);
    Jaxprs.typecheck(Staging.makeJaxpr(outer, Array.of(new float[] {1, 2})).jaxpr());
  }

  @Test
  void typecheckCatchesAWrongOutputType() {
    Var in = new Var(new ShapedArray(new long[] {3}, DType.F32));
    Var out = new Var(new ShapedArray(new long[] {3}, DType.F64));
    Jaxpr bad =
        new Jaxpr(
            List.of(),
            List.of(in),
            List.of(new JaxprEqn(Primitive.of("exp"), Params.EMPTY, List.of(in), List.of(out))),
            List.of(out));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Jaxprs.typecheck(bad));
    assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("f64[3]"), e.getMessage());
    Jaxpr undefined = new Jaxpr(List.of(), List.of(), List.of(), List.of(in));
    assertThrows(IllegalStateException.class, () -> Jaxprs.typecheck(undefined));
  }
}
