package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.Random;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import org.junit.jupiter.api.Test;

/**
 * The programs the model ops emit, read as jaxprs: what XLA's CPU backend runs slowly (a transposed
 * copy of a linear layer's weight, a weight broadcast into a batched dot, a grouped convolution
 * with one group per channel) is not there. Numbers are checked against libtorch in
 * NnLinalgConvTest and the OpInfo harness.
 */
class ProgramStructureTest {
  private static Array randn(long... shape) {
    return Random.normal(Random.key(shape.length), shape, DType.F32);
  }

  @Test
  void aLinearLayerContractsTheWeightWithoutTransposingIt() {
    Array x = randn(3, 5);
    Array w = randn(4, 5);
    Array b = randn(4);
    String jaxpr =
        Jax.makeJaxpr(a -> LinearAlgebra.linear((Array) a[0], (Array) a[1], (Array) a[2]), x, w, b);
    assertFalse(jaxpr.contains("transpose"), jaxpr);
    assertTrue(jaxpr.contains("dot_general"), jaxpr);
    String grad =
        Jax.makeJaxpr(
            Jax.grad(a -> Jnp.sum(LinearAlgebra.linear((Array) a[0], (Array) a[1], null)), 1),
            x,
            w);
    assertTrue(grad.contains("dot_general"), grad);
  }

  @Test
  void anNdInputTimesAMatrixHasNoBroadcast() {
    Array x = randn(1, 7, 7, 8);
    Array w = randn(8, 16);
    String matmul = Jax.makeJaxpr(a -> Jnp.matmul((Array) a[0], (Array) a[1]), x, w);
    assertFalse(matmul.contains("broadcast_in_dim"), matmul);
    String linear =
        Jax.makeJaxpr(a -> LinearAlgebra.linear((Array) a[0], (Array) a[1], null), x, randn(16, 8));
    assertFalse(linear.contains("broadcast_in_dim"), linear);
    assertFalse(linear.contains("transpose"), linear);
  }

  @Test
  void depthwiseAndNarrowGroupedConvolutionsAreNotXlaGroupedConvolutions() {
    Array x = randn(1, 6, 10, 10);
    String depthwise = conv2dJaxpr(x, randn(6, 1, 3, 3), 6, 1);
    assertFalse(depthwise.contains("conv_general_dilated"), depthwise);
    // Two channels a group, no stride: a sum of slices.
    String grouped = conv2dJaxpr(x, randn(6, 2, 3, 3), 3, 1);
    assertFalse(grouped.contains("conv_general_dilated"), grouped);
    // With a stride: one dense convolution per group.
    String strided = conv2dJaxpr(x, randn(6, 2, 3, 3), 3, 2);
    assertEquals(3, strided.split("conv_general_dilated").length - 1, strided);
    // 3 channels x 25 positions is past the sum's 72 terms: XLA's grouped convolution.
    String wide = conv2dJaxpr(x, randn(6, 3, 5, 5), 2, 1);
    assertEquals(1, wide.split("conv_general_dilated").length - 1, wide);
  }

  @Test
  void aDepthwiseConvolutionIsStoredOnceNotFusedIntoEachConsumer() {
    Array x = randn(1, 6, 10, 10);
    Array w = randn(6, 1, 3, 3);
    long[] ones = {1, 1};
    // Two consumers, like layer norm's mean and normalization after ConvNeXt's depthwise conv.
    ClosedJaxpr twoUses =
        Staging.makeJaxpr(
            a -> {
              Array y = Convolution.convNd((Array) a[0], (Array) a[1], null, ones, ones, ones, 6);
              return Jnp.subtract(y, Jnp.mean(y));
            },
            x,
            w);
    String hlo = Lowerer.module("depthwise", twoUses.jaxpr());
    assertEquals(1, hlo.split("stablehlo.optimization_barrier", -1).length - 1, hlo);
    String grad =
        Jax.makeJaxpr(
            Jax.grad(
                a ->
                    Jnp.sum(
                        Convolution.convNd((Array) a[0], (Array) a[1], null, ones, ones, ones, 6)),
                1),
            x,
            w);
    assertFalse(grad.contains("conv_general_dilated"), grad);
  }

  @Test
  void adaptiveAveragePoolingOverEvenWindowsIsASumNotAGather() {
    Array x = randn(2, 8, 7, 7);
    String global =
        Jax.makeJaxpr(
            a ->
                Pooling.adaptiveAvgPool(
                    "aten::adaptive_avg_pool2d", (Array) a[0], new long[] {1, 1}),
            x);
    assertFalse(global.contains("gather"), global);
    assertTrue(global.contains("reduce_sum"), global);
    String uneven =
        Jax.makeJaxpr(
            a ->
                Pooling.adaptiveAvgPool(
                    "aten::adaptive_avg_pool2d", (Array) a[0], new long[] {3, 7}),
            x);
    assertTrue(uneven.contains("gather"), uneven);
  }

  @Test
  void closedOverScalarsAreConstantsOfTheProgramNotArguments() {
    Array x = randn(2, 3);
    Array eps = Array.of(new float[] {1e-5f}, 1);
    Array table = Array.of(new float[] {1, 2, 3}, 3);
    String jaxpr =
        Jax.makeJaxpr(
            a ->
                Jnp.add(
                    Jnp.multiply(Activation.relu((Array) a[0]), table), Jnp.add(eps, (Array) a[0])),
            x);
    // relu's zero and eps are literals; the 3-element table stays a constant input.
    assertTrue(jaxpr.startsWith("{ lambda a:f32[3]; b:f32[2,3]."), jaxpr);
    assertTrue(jaxpr.contains("literal[dtype=f32 shape=(1,) value=" + eps.item() + "]"), jaxpr);
    assertTrue(jaxpr.contains("literal[dtype=f32 shape=() value=0.0]"), jaxpr);
  }

  /** The jaxpr of a 3x3 stride-1 padding-1 conv2d of {@code x} with {@code groups}. */
  private static String conv2dJaxpr(Array x, Array weight, long groups, long stride) {
    long[] ones = {1, 1};
    long[] strides = {stride, stride};
    return Jax.makeJaxpr(
        a -> Convolution.convNd((Array) a[0], (Array) a[1], null, strides, ones, ones, groups),
        x,
        weight);
  }
}
