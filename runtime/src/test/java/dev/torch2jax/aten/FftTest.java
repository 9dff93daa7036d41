package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.randn;

import dev.torch2jax.opinfo.OpInfo;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Fourier transforms and complex-number ops against libtorch. Most samples view complex results as
 * reals ({@code view_as_real}) or build complex inputs from reals ({@code view_as_complex}), so
 * that the vjp check (real outputs only) runs through the complex VJP rules.
 */
class FftTest {
  private static final String R2C = "aten::_fft_r2c";
  private static final String C2R = "aten::_fft_c2r";
  private static final String C2C = "aten::_fft_c2c";

  /** float32 and float64 versions of standard normal data of {@code shape}. */
  private static List<Tensor> inputs(long... shape) {
    Tensor x = randn(shape);
    return List.of(x, f64(x));
  }

  /** The inputs are twins ({@link #inputs}): float32 checks the transformations, float64 values. */
  private static void check(List<String> targets, String params, String expr, Object... in) {
    boolean f64 = in.length > 0 && in[0] instanceof Tensor t && NnTesting.isF64(t);
    OpInfo.run(
        targets,
        OpInfo.source(params, expr),
        in,
        f64 ? OpInfo.VALUES : OpInfo.TRANSFORMS,
        -1,
        null);
  }

  @Test
  void realToComplexEveryNormAndSide() {
    for (long n : new long[] {7, 8}) {
      for (Tensor x : inputs(3, n)) {
        for (String onesided : new String[] {"True", "False"}) {
          for (long norm = 0; norm <= 2; norm++) {
            r2c(x, "[1]", norm, onesided);
          }
          for (String dims : new String[] {"[0]", "[0, 1]", "[1, 0]"}) {
            r2c(x, dims, 1, onesided);
          }
        }
      }
    }
  }

  private static void r2c(Tensor x, String dims, long norm, String onesided) {
    check(
        List.of(R2C, "aten::view_as_real"),
        "x: Tensor",
        "torch.view_as_real(torch._fft_r2c(x, " + dims + ", " + norm + ", " + onesided + "))",
        x);
  }

  @Test
  void realToComplexComplexOutputAndManyDims() {
    for (Tensor x : inputs(2, 3, 4, 5)) {
      check(List.of(R2C), "x: Tensor", "torch._fft_r2c(x, [1, 2], 1, True)", x);
      check(
          List.of(R2C),
          "x: Tensor",
          "torch.view_as_real(torch._fft_r2c(x, [0, 1, 2, 3], 2, True))",
          x);
      check(
          List.of(R2C),
          "x: Tensor",
          "torch.view_as_real(torch._fft_r2c(x, [3, 1, 0, 2], 0, False))",
          x);
    }
  }

  @Test
  void complexToRealOverFourDims() {
    for (Tensor x : inputs(2, 3, 2, 3, 2)) {
      check(
          List.of(C2R),
          "x: Tensor",
          "torch._fft_c2r(torch.view_as_complex(x), [0, 1, 2, 3], 1, 4)",
          x);
    }
  }

  @Test
  void complexToRealEveryNormAndLength() {
    for (Tensor x : inputs(3, 5, 2)) {
      for (long norm = 0; norm <= 2; norm++) {
        for (long last : new long[] {8, 9}) {
          check(
              List.of(C2R, "aten::view_as_complex"),
              "x: Tensor",
              "torch._fft_c2r(torch.view_as_complex(x), [1], " + norm + ", " + last + ")",
              x);
          check(
              List.of(C2R),
              "x: Tensor",
              "torch._fft_c2r(torch.view_as_complex(x), [0, 1], " + norm + ", " + last + ")",
              x);
        }
        check(
            List.of(C2R),
            "x: Tensor",
            "torch._fft_c2r(torch.view_as_complex(x), [1, 0], " + norm + ", 5)",
            x);
      }
    }
  }

  @Test
  void complexToComplexBothDirections() {
    for (Tensor x : inputs(3, 4, 5, 2)) {
      for (String forward : new String[] {"True", "False"}) {
        for (long norm = 0; norm <= 2; norm++) {
          c2c(x, "[1]", norm, forward);
        }
        for (String dims : new String[] {"[0, 2]", "[2, 1, 0]", "[]"}) {
          c2c(x, dims, 2, forward);
        }
      }
      check(List.of(C2C), "x: Tensor", "torch._fft_c2c(torch.view_as_complex(x), [0], 0, True)", x);
    }
  }

  private static void c2c(Tensor x, String dims, long norm, String forward) {
    check(
        List.of(C2C),
        "x: Tensor",
        "torch.view_as_real(torch._fft_c2c(torch.view_as_complex(x), "
            + dims
            + ", "
            + norm
            + ", "
            + forward
            + "))",
        x);
  }

  @Test
  void torchFftFunctions() {
    for (Tensor x : inputs(3, 6)) {
      for (String norm : new String[] {"None", "\"backward\"", "\"forward\"", "\"ortho\""}) {
        check(
            List.of("aten::fft_rfft"),
            "x: Tensor",
            "torch.view_as_real(torch.fft_rfft(x, norm=" + norm + "))",
            x);
        check(
            List.of("aten::fft_fft"),
            "x: Tensor",
            "torch.view_as_real(torch.fft_fft(x, n=5, dim=0, norm=" + norm + "))",
            x);
      }
      check(
          List.of("aten::fft_rfft"),
          "x: Tensor",
          "torch.view_as_real(torch.fft_rfft(x, n=9, dim=0))",
          x);
    }
    for (Tensor x : inputs(3, 4, 2)) {
      for (String norm : new String[] {"None", "\"forward\"", "\"ortho\""}) {
        check(
            List.of("aten::fft_irfft"),
            "x: Tensor",
            "torch.fft_irfft(torch.view_as_complex(x), norm=" + norm + ")",
            x);
        check(
            List.of("aten::fft_ifft"),
            "x: Tensor",
            "torch.view_as_real(torch.fft_ifft(torch.view_as_complex(x), norm=" + norm + "))",
            x);
      }
      check(
          List.of("aten::fft_irfft"),
          "x: Tensor",
          "torch.fft_irfft(torch.view_as_complex(x), n=9, dim=0)",
          x);
      check(
          List.of("aten::fft_irfft"),
          "x: Tensor",
          "torch.fft_irfft(torch.view_as_complex(x), n=4)",
          x);
      check(
          List.of("aten::fft_ifft"),
          "x: Tensor",
          "torch.view_as_real(torch.fft_ifft(torch.view_as_complex(x), n=6, dim=1))",
          x);
    }
  }

  @Test
  void complexParts() {
    for (Tensor x : inputs(3, 4, 2)) {
      check(List.of("aten::real"), "x: Tensor", "torch.real(torch.view_as_complex(x))", x);
      check(List.of("aten::imag"), "x: Tensor", "torch.imag(torch.view_as_complex(x))", x);
      check(List.of("aten::view_as_complex"), "x: Tensor", "torch.view_as_complex(x)", x);
      check(
          List.of("aten::conj", "aten::resolve_conj"),
          "x: Tensor",
          "torch.view_as_real(torch.conj(torch.view_as_complex(x)).resolve_conj())",
          x);
      check(
          List.of("aten::conj_physical"),
          "x: Tensor",
          "torch.view_as_real(torch.conj_physical(torch.view_as_complex(x)))",
          x);
    }
    for (Tensor a : inputs(3, 4)) {
      check(List.of("aten::real"), "a: Tensor", "torch.real(a) * 2", a);
      Tensor b = a.flip(0);
      check(
          List.of("aten::complex"),
          "a: Tensor, b: Tensor",
          "torch.view_as_real(torch.complex(a, b))",
          a,
          b);
      check(
          List.of("aten::complex"),
          "a: Tensor, b: Tensor",
          "torch.view_as_real(torch.complex(a, b[0]))",
          a,
          b);
    }
  }

  @Test
  void arithmeticOnComplexNumbers() {
    for (Tensor x : inputs(2, 3, 4, 2)) {
      String z = "torch.view_as_complex(x[0])";
      String w = "torch.view_as_complex(x[1])";
      check(
          List.of("aten::mul.Tensor", "aten::add.Tensor", "aten::sub.Tensor"),
          "x: Tensor",
          "torch.view_as_real(" + z + " * " + w + " + " + z + " - " + w + ")",
          x);
      check(List.of("aten::neg"), "x: Tensor", "torch.view_as_real(-" + z + ")", x);
      check(
          List.of("aten::mul.Scalar", "aten::add.Tensor"),
          "x: Tensor",
          "torch.view_as_real(" + z + " * 2.5 + " + w + "[1])",
          x);
      check(
          List.of("aten::sum.dim_IntList"),
          "x: Tensor",
          "torch.view_as_real(torch.sum(" + z + ", [0]))",
          x);
      check(
          List.of("aten::div.Tensor"),
          "x: Tensor",
          "torch.view_as_real(" + z + " / (" + w + " + 3))",
          x);
    }
  }
}
