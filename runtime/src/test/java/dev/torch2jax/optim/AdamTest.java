package dev.torch2jax.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.transform.Jit;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Adam} (and AdamW) against libtorch's {@code torch::optim::Adam}/{@code AdamW}. */
class AdamTest {
  static Stream<Arguments> settings() {
    return Stream.of(
            Optim.adam(0.01),
            Optim.adam(0.01).withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1),
            Optim.adam(0.02).withAmsgrad(true).withWeightDecay(0.01),
            Optim.adam(0.01).withBetas(0, 0.9),
            // a large eps makes its placement (after the bias correction of sqrt(v)) visible
            Optim.adam(0.05).withEps(0.1),
            Optim.adamw(0.01),
            Optim.adamw(0.05).withWeightDecay(0.1).withAmsgrad(true).withBetas(0.5, 0.9))
        .flatMap(o -> Stream.of(Arguments.of(o, DType.F32), Arguments.of(o, DType.F64)));
  }

  static org.bytedeco.pytorch.Optimizer libtorch(Adam o, TensorVector params) {
    if (o.decoupledWeightDecay()) {
      AdamWOptions options = new AdamWOptions(o.lr());
      setBetas(options.betas(), o);
      options.eps().put(o.eps());
      options.weight_decay().put(o.weightDecay());
      options.amsgrad().put(o.amsgrad());
      return new AdamW(params, options);
    }
    AdamOptions options = new AdamOptions(o.lr());
    setBetas(options.betas(), o);
    options.eps().put(o.eps());
    options.weight_decay().put(o.weightDecay());
    options.amsgrad().put(o.amsgrad());
    return new org.bytedeco.pytorch.Adam(params, options);
  }

  /**
   * The binding exposes {@code std::tuple<double, double>} as a pointer to its storage, where
   * libstdc++ keeps the elements in reverse order: beta2 first.
   */
  private static void setBetas(DoublePointer betas, Adam o) {
    betas.put(0, o.beta2()).put(1, o.beta1());
  }

  static double tolerance(DType dtype) {
    return dtype == DType.F64 ? 1e-12 : 1e-5;
  }

  @ParameterizedTest
  @MethodSource("settings")
  void eagerStepsMatchLibtorch(Adam opt, DType dtype) {
    StepByStep.Problem p = StepByStep.problem(21, dtype);
    StepByStep.assertClose(
        StepByStep.libtorch(p, v -> libtorch(opt, v)),
        StepByStep.ours(p, opt.init(p.params()), opt::update),
        tolerance(dtype));
  }

  @ParameterizedTest
  @MethodSource("settings")
  void oneJittedStepServesEveryStep(Adam opt, DType dtype) {
    StepByStep.Problem p = StepByStep.problem(22, dtype);
    Jit jitted = Jax.jit(a -> SgdTest.asList(opt.update(a[0], a[1], a[2])));
    var viaJit =
        StepByStep.ours(
            p,
            opt.init(p.params()),
            (g, s, q) -> {
              List<?> r = (List<?>) jitted.apply(g, s, q);
              return new Optimizer.Update(r.get(0), r.get(1));
            });
    assertEquals(1, jitted.traceCount(), "one trace for all steps");
    StepByStep.assertClose(StepByStep.ours(p, opt.init(p.params()), opt::update), viaJit, 1e-6);
    StepByStep.assertClose(StepByStep.libtorch(p, v -> libtorch(opt, v)), viaJit, tolerance(dtype));
  }

  @Test
  void libtorchKeepsBetasInReverseOrder() {
    DoublePointer defaults = new AdamOptions(0.1).betas();
    assertEquals(0.999, defaults.get(0));
    assertEquals(0.9, defaults.get(1));
  }

  @Test
  void defaultsAreTorchs() {
    assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false), Optim.adam(1e-3));
    assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, true), Optim.adamw(1e-3));
  }

  @Test
  void hyperParametersAreCheckedAsTorchDoes() {
    var beta =
        assertThrows(IllegalArgumentException.class, () -> Optim.adam(0.1).withBetas(0.9, 1));
    assertEquals("Adam: beta2 must be in [0, 1), got 1.0", beta.getMessage());
    var eps = assertThrows(IllegalArgumentException.class, () -> Optim.adamw(0.1).withEps(-1e-8));
    assertEquals("AdamW: eps must be >= 0, got -1.0E-8", eps.getMessage());
  }
}
