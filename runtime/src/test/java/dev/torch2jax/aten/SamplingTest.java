package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.opinfo.OpInfo.Check;
import dev.torch2jax.torch.T2J;
import java.util.List;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code grid_sampler_2d}, {@code col2im} and {@code im2col} against libtorch. */
class SamplingTest {
  private static final String GRID = "aten::grid_sampler_2d";

  private static void grid(Tensor input, Tensor grid, int interp, int padding, boolean align) {
    grid(input, grid, interp, padding, align, OpInfo.ALL);
  }

  private static void grid(
      Tensor input, Tensor grid, int interp, int padding, boolean align, Set<Check> checks) {
    OpInfo.run(
        List.of(GRID),
        OpInfo.source(
            "a: Tensor, b: Tensor",
            "torch.grid_sampler_2d(a, b, "
                + interp
                + ", "
                + padding
                + ", "
                + (align ? "True" : "False")
                + ")"),
        new Object[] {input, grid},
        checks,
        -1,
        null);
  }

  private static void everyMode(Tensor input, Tensor grid, Set<Check> checks) {
    for (int interp = 0; interp < 3; interp++) {
      for (int padding = 0; padding < 3; padding++) {
        for (boolean align : new boolean[] {false, true}) {
          grid(input, grid, interp, padding, align, checks);
        }
      }
    }
  }

  @Test
  void gridSamplerEveryModeFloat32() {
    // Locations somewhat beyond [-1, 1] reach the padding.
    // Twins: float32 checks the transformations, float64 the values and gradients.
    everyMode(randn(2, 3, 4, 5), uniform(-1.3, 1.3, 2, 3, 4, 2), OpInfo.TRANSFORMS);
  }

  @Test
  void gridSamplerEveryModeFloat64() {
    everyMode(f64(randn(2, 2, 5, 4)), f64(uniform(-1.6, 1.6, 2, 4, 3, 2)), OpInfo.VALUES);
  }

  @Test
  void gridSamplerAtExactPixelsBordersAndTies() {
    // Exact grid values land on pixel centers, on the borders (where clipping passes no
    // gradient), on mirror points, and (aligned, width 5) halfway between pixels for nearest.
    float[] v = {-1, -0.75f, -0.25f, 0, 0.25f, 0.5f, 1, 1.25f, -1.5f, 0.75f, 2, -2};
    Tensor g = floats(v, 1, 2, 3, 2);
    everyMode(randn(1, 2, 4, 5), g, OpInfo.VALUES);
    Tensor x = f64(randn(1, 1, 3, 5));
    for (int interp = 0; interp < 3; interp++) {
      for (int padding = 0; padding < 3; padding++) {
        grid(x, f64(g), interp, padding, true, OpInfo.VALUES);
      }
    }
  }

  @Test
  void gridSamplerDegenerateSizes() {
    // One-pixel axes (an empty reflection span when aligned), an empty batch, no channels.
    Tensor thin = randn(1, 2, 1, 3);
    Tensor g = uniform(-1.5, 1.5, 1, 2, 2, 2);
    for (int interp = 0; interp < 3; interp++) {
      for (boolean align : new boolean[] {false, true}) {
        grid(thin, g, interp, 2, align);
      }
    }
    grid(thin, g, 0, 1, true);
    grid(randn(0, 2, 3, 3), uniform(-1, 1, 0, 2, 2, 2), 0, 0, false);
    grid(randn(2, 0, 3, 3), uniform(-1, 1, 2, 2, 2, 2), 2, 1, true);
    grid(randn(2, 3, 3, 3), uniform(-1, 1, 2, 0, 2, 2), 1, 2, false);
  }

  @Test
  void gridSamplerRejectsBadInput() {
    Array x = T2J.t2j(randn(1, 2, 3, 3));
    Array g = T2J.t2j(uniform(-1, 1, 1, 2, 2, 2));
    assertMessage(
        () -> NnTesting.call(GRID, x, T2J.t2j(f64(randn(1, 2, 2, 2))), 0L, 0L, false), "dtype");
    assertMessage(
        () -> NnTesting.call(GRID, x, T2J.t2j(randn(1, 2, 2, 3)), 0L, 0L, false), "size 2");
    assertMessage(
        () -> NnTesting.call(GRID, x, T2J.t2j(randn(2, 2, 2, 2)), 0L, 0L, false), "batch");
    assertMessage(() -> NnTesting.call(GRID, T2J.t2j(randn(2, 3, 3)), g, 0L, 0L, false), "4D");
    assertMessage(() -> NnTesting.call(GRID, x, g, 3L, 0L, false), "interpolation_mode");
    assertMessage(() -> NnTesting.call(GRID, x, g, 0L, 5L, false), "padding_mode");
    assertMessage(
        () -> NnTesting.call(GRID, T2J.t2j(randn(1, 2, 0, 3)), g, 0L, 0L, false), "non-empty");
  }

  private static void col2im(Tensor x, String out, String k, String d, String p, String s) {
    OpInfo.run(
        List.of("aten::col2im"),
        OpInfo.source("a: Tensor", "torch.col2im(a, " + String.join(", ", out, k, d, p, s) + ")"),
        new Object[] {x},
        OpInfo.ALL,
        -1,
        null);
  }

  private static void im2col(Tensor x, String k, String d, String p, String s) {
    OpInfo.run(
        List.of("aten::im2col"),
        OpInfo.source("a: Tensor", "torch.im2col(a, " + String.join(", ", k, d, p, s) + ")"),
        new Object[] {x},
        OpInfo.ALL,
        -1,
        null);
  }

  @Test
  void col2imSumsOverlappingBlocks() {
    col2im(randn(2, 12, 20), "[5, 6]", "[2, 2]", "[1, 1]", "[0, 0]", "[1, 1]");
    // bh = (5 + 2 - 2 - 1) / 2 + 1 = 3, bw = (6 + 4 - 2 - 1) / 1 + 1 = 8.
    col2im(randn(2, 12, 24), "[5, 6]", "[2, 3]", "[2, 1]", "[1, 2]", "[2, 1]");
    col2im(f64(randn(2, 12, 24)), "[5, 6]", "[2, 3]", "[2, 1]", "[1, 2]", "[2, 1]");
    col2im(randn(18, 4), "[4, 4]", "[3, 3]", "[1, 1]", "[1, 1]", "[3, 3]");
    col2im(f64(randn(0, 4, 6)), "[3, 4]", "[2, 2]", "[1, 1]", "[0, 0]", "[1, 1]");
  }

  @Test
  void im2colTakesSlidingBlocks() {
    im2col(randn(2, 3, 5, 6), "[2, 2]", "[1, 1]", "[0, 0]", "[1, 1]");
    im2col(randn(2, 2, 5, 6), "[2, 3]", "[2, 1]", "[1, 2]", "[2, 1]");
    im2col(f64(randn(2, 2, 5, 6)), "[2, 3]", "[2, 1]", "[1, 2]", "[2, 1]");
    im2col(randn(2, 4, 4), "[3, 3]", "[1, 1]", "[1, 1]", "[3, 3]");
    im2col(f64(randn(0, 2, 3, 3)), "[2, 2]", "[1, 1]", "[0, 0]", "[1, 1]");
  }

  @Test
  void foldingRejectsBadInput() {
    Array cols = T2J.t2j(randn(1, 12, 20));
    long[] two = {2, 2};
    long[] one = {1, 1};
    long[] zero = {0, 0};
    assertMessage(
        () -> NnTesting.call("aten::col2im", cols, new long[] {5, 7}, two, one, zero, one),
        "sliding blocks");
    assertMessage(
        () ->
            NnTesting.call(
                "aten::col2im", T2J.t2j(randn(1, 10, 20)), new long[] {5, 6}, two, one, zero, one),
        "divisible");
    assertMessage(
        () -> NnTesting.call("aten::col2im", cols, new long[] {5, 6}, two, one, zero, zero),
        "positive");
    assertMessage(
        () ->
            NnTesting.call(
                "aten::im2col", T2J.t2j(randn(1, 1, 2, 2)), new long[] {3, 3}, one, zero, one),
        "at least 1");
    assertMessage(
        () ->
            NnTesting.call(
                "aten::im2col", T2J.t2j(NnTesting.randint(0, 3, 1, 1, 3, 3)), two, one, zero, one),
        "not implemented for 'int64'");
  }

  private static void assertMessage(Executable call, String part) {
    Throwable e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
