package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.control.ControlFlowOps;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.hlo.ComparisonDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlFlowTest {
  private static final double TOL = 1e-12;

  /** cond(x > 0, x*x, -3x). */
  private static Array piecewise(Array x) {
    Array positive =
        ElementwiseOps.compare(ComparisonDirection.GT, x, ElementwiseOps.fullLike(x, 0));
    return (Array)
        ControlFlowOps.cond(
            positive,
            a -> ElementwiseOps.mul((Array) a[0], (Array) a[0]),
            a -> ElementwiseOps.mul((Array) a[0], ElementwiseOps.fullLike((Array) a[0], -3)),
            x);
  }

  @Test
  void condTakesTheRightBranchEagerAndJitted() {
    Fn f = a -> piecewise((Array) a[0]);
    assertEquals(4.0, piecewise(Array.scalar(2.0)).item(), TOL);
    assertEquals(6.0, piecewise(Array.scalar(-2.0)).item(), TOL);
    Fn jitted = Jax.jit(f);
    assertEquals(4.0, ((Array) jitted.apply(Array.scalar(2.0))).item(), TOL);
    assertEquals(6.0, ((Array) jitted.apply(Array.scalar(-2.0))).item(), TOL);
  }

  @Test
  void condIsDifferentiableAndBatchable() {
    Fn f = a -> piecewise((Array) a[0]);
    assertEquals(4.0, ((Array) Jax.grad(f).apply(Array.scalar(2.0))).item(), TOL);
    assertEquals(-3.0, ((Array) Jax.grad(f).apply(Array.scalar(-2.0))).item(), TOL);
    assertEquals(4.0, ((Array) Jax.jit(Jax.grad(f)).apply(Array.scalar(2.0))).item(), TOL);
    Array xs = Array.of(new double[] {2, -1, 0.5, -4});
    assertArrayEquals(
        new double[] {4, 3, 0.25, 12}, ((Array) Jax.vmap(f).apply(xs)).toDoubleArray(), TOL);
    assertArrayEquals(
        new double[] {4, -3, 1, -3},
        ((Array) Jax.vmap(Jax.grad(f)).apply(xs)).toDoubleArray(),
        TOL);
  }

  @Test
  void condWithUnbatchedPredicateUnderVmap() {
    Array flag = DeviceArray.scalar(1, DType.BOOL);
    Fn f = a -> ControlFlowOps.cond(flag, b -> ElementwiseOps.neg((Array) b[0]), b -> b[0], a[0]);
    assertArrayEquals(
        new double[] {-1, -2},
        ((Array) Jax.vmap(f).apply(Array.of(new double[] {1, 2}))).toDoubleArray(),
        TOL);
  }

  @Test
  void mismatchedBranchesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ControlFlowOps.cond(
                    DeviceArray.scalar(1, DType.BOOL),
                    a -> a[0],
                    a -> ElementwiseOps.convert((Array) a[0], DType.F32),
                    Array.scalar(1.0)));
    assertTrue(e.getMessage().contains("different types"), e.getMessage());
  }

  /** Doubles x until it exceeds the limit. */
  private static Array doubleUntil(Array x, Array limit) {
    Object out =
        ControlFlowOps.whileLoop(
            a -> ElementwiseOps.compare(ComparisonDirection.LE, (Array) a[0], limit),
            a -> ElementwiseOps.mul((Array) a[0], ElementwiseOps.fullLike((Array) a[0], 2)),
            x);
    return (Array) out;
  }

  @Test
  void whileLoopsEagerJittedAndBatched() {
    assertEquals(16.0, doubleUntil(Array.scalar(1.0), Array.scalar(10.0)).item(), TOL);
    Fn f = a -> doubleUntil((Array) a[0], (Array) a[1]);
    assertEquals(
        24.0, ((Array) Jax.jit(f).apply(Array.scalar(3.0), Array.scalar(20.0))).item(), TOL);
    Array xs = Array.of(new double[] {1, 3, 100});
    assertArrayEquals(
        new double[] {16, 12, 100},
        ((Array) Jax.vmap(f, 0, null).apply(xs, Array.scalar(10.0))).toDoubleArray(),
        TOL);
    Array limits = Array.of(new double[] {1, 50, 7});
    assertArrayEquals(
        new double[] {2, 64, 8},
        ((Array) Jax.jit(Jax.vmap(f, null, 0)).apply(Array.scalar(1.0), limits)).toDoubleArray(),
        TOL);
  }

  @Test
  void whileCarriesPytreesAndRefusesReverseMode() {
    Object out =
        ControlFlowOps.whileLoop(
            a ->
                ElementwiseOps.compare(
                    ComparisonDirection.LT,
                    (Array) ((List<?>) a[0]).get(0),
                    DeviceArray.scalar(5, DType.I64)),
            a -> {
              List<?> c = (List<?>) a[0];
              Array i = (Array) c.get(0);
              Array acc = (Array) c.get(1);
              return List.of(
                  ElementwiseOps.add(i, DeviceArray.scalar(1, DType.I64)),
                  ElementwiseOps.add(acc, ElementwiseOps.convert(i, DType.F64)));
            },
            List.of(DeviceArray.scalar(0, DType.I64), Array.scalar(0.0)));
    assertEquals(10.0, ((Array) ((List<?>) out).get(1)).item(), TOL);
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                Jax.grad(a -> doubleUntil((Array) a[0], Array.scalar(10.0)))
                    .apply(Array.scalar(1.0)));
    assertTrue(
        e.getMessage().contains("while") && e.getMessage().contains("trip count"), e.getMessage());
  }
}
