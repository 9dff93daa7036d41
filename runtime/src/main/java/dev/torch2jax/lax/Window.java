package dev.torch2jax.lax;

import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.hlo.TypeRules;
import java.util.Arrays;

/**
 * The windows of a windowed reduction, one entry per operand dimension: the window's size, its
 * stride, the (low, high) padding, the operand's dilation ({@code base_dilation}) and the window's
 * ({@code window_dilation}). The primitives keep it as five params, padding stored flat as {@code
 * (low0, high0, low1, high1, ...)}.
 *
 * @param dimensions the window size per dimension
 * @param strides the step between windows per dimension
 * @param padding {@code [rank][2]}: elements added before and after each dimension
 * @param baseDilation the operand's dilation per dimension (1: none)
 * @param windowDilation the window's dilation per dimension (1: none)
 */
public record Window(
    long[] dimensions,
    long[] strides,
    long[][] padding,
    long[] baseDilation,
    long[] windowDilation) {

  /**
   * @throws IllegalArgumentException when a padding entry is not a (low, high) pair
   */
  public Window {
    for (long[] pair : padding) {
      if (pair.length != 2) {
        throw new IllegalArgumentException(
            "padding needs (low, high) pairs, got %s".formatted(Arrays.deepToString(padding)));
      }
    }
  }

  /** A window without dilations. */
  public static Window undilated(long[] dimensions, long[] strides, long[][] padding) {
    return new Window(
        dimensions,
        strides,
        padding,
        WindowOps.ones(dimensions.length),
        WindowOps.ones(dimensions.length));
  }

  /** The window a primitive's params describe; absent dilations are 1s. */
  static Window of(Params params) {
    long[] dimensions = params.longs("window_dimensions");
    long[] ones = WindowOps.ones(dimensions.length);
    return new Window(
        dimensions,
        params.longs("window_strides"),
        WindowOps.pairs(params.longs("padding")),
        params.has("base_dilation") ? params.longs("base_dilation") : ones,
        params.has("window_dilation") ? params.longs("window_dilation") : ones);
  }

  /** {@code params} with this window's five params. */
  Params addTo(Params params) {
    return addSizesTo(params)
        .with("base_dilation", baseDilation)
        .with("window_dilation", windowDilation);
  }

  /**
   * {@code params} with the size, stride and padding params of a primitive that takes no dilations.
   *
   * @throws IllegalArgumentException when this window is dilated
   */
  Params addUndilatedTo(Params params) {
    if (isDilated()) {
      throw new IllegalArgumentException(
          "this window must not be dilated, got base_dilation %s and window_dilation %s"
              .formatted(Arrays.toString(baseDilation), Arrays.toString(windowDilation)));
    }
    return addSizesTo(params);
  }

  private Params addSizesTo(Params params) {
    return params
        .with("window_dimensions", dimensions)
        .with("window_strides", strides)
        .with("padding", flatPadding());
  }

  /** The padding as {@code (low0, high0, low1, high1, ...)}. */
  long[] flatPadding() {
    return WindowOps.flatten(padding);
  }

  /** True when the operand or the window is dilated. */
  boolean isDilated() {
    return !allOnes(baseDilation) || !allOnes(windowDilation);
  }

  /**
   * The VJPs of max and min windows exist only without dilations, as in JAX.
   *
   * @throws UnsupportedOperationException when this window is dilated
   */
  void requireUndilatedForVjp(Primitive p) {
    if (isDilated()) {
      throw new UnsupportedOperationException(
          "%s: no VJP with base_dilation %s or window_dilation %s (only 1s), as in JAX"
              .formatted(p, Arrays.toString(baseDilation), Arrays.toString(windowDilation)));
    }
  }

  /** The number of windows per dimension of {@code x}, checked for {@code p}. */
  long[] counts(Primitive p, ShapedArray x) {
    return TypeRules.windowCounts(
        p.name(),
        x.shape(),
        dimensions,
        strides,
        flatPadding(),
        baseDilation,
        windowDilation,
        false,
        x);
  }

  /** This window with a size-1 window (no padding, no dilation) inserted at {@code axis}. */
  Window batched(int axis) {
    long[][] paddings = new long[padding.length + 1][];
    for (int i = 0, j = 0; i < paddings.length; i++) {
      paddings[i] = i == axis ? new long[2] : padding[j++];
    }
    return new Window(
        insertOne(dimensions, axis),
        insertOne(strides, axis),
        paddings,
        insertOne(baseDilation, axis),
        insertOne(windowDilation, axis));
  }

  private static boolean allOnes(long[] v) {
    return Arrays.stream(v).allMatch(x -> x == 1);
  }

  private static long[] insertOne(long[] v, int at) {
    long[] out = new long[v.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == at ? 1 : v[j++];
    }
    return out;
  }
}
