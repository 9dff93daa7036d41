package dev.torch2jax.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.transform.Jit;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Sgd} against libtorch's {@code torch::optim::SGD}, step by step. */
class SgdTest {
  static Stream<Arguments> settings() {
    return Stream.of(
            Optim.sgd(0.1),
            Optim.sgd(0.1).withWeightDecay(0.05),
            Optim.sgd(0.05).withMomentum(0.9),
            // dampening shows the first-step rule: the buffer starts as the undamped gradient
            Optim.sgd(0.05).withMomentum(0.9).withDampening(0.5),
            Optim.sgd(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01),
            Optim.sgd(0.2).withMomentum(0.5).withDampening(0.1).withWeightDecay(0.1))
        .flatMap(o -> Stream.of(Arguments.of(o, DType.F32), Arguments.of(o, DType.F64)));
  }

  static SGD libtorch(Sgd o, org.bytedeco.pytorch.TensorVector params) {
    SGDOptions options = new SGDOptions(o.lr());
    options.momentum().put(o.momentum());
    options.dampening().put(o.dampening());
    options.nesterov().put(o.nesterov());
    options.weight_decay().put(o.weightDecay());
    return new SGD(params, options);
  }

  static double tolerance(DType dtype) {
    return dtype == DType.F64 ? 1e-12 : 1e-5;
  }

  @ParameterizedTest
  @MethodSource("settings")
  void eagerStepsMatchLibtorch(Sgd opt, DType dtype) {
    StepByStep.Problem p = StepByStep.problem(11, dtype);
    StepByStep.assertClose(
        StepByStep.libtorch(p, v -> libtorch(opt, v)),
        StepByStep.ours(p, opt.init(p.params()), opt::update),
        tolerance(dtype));
  }

  @ParameterizedTest
  @MethodSource("settings")
  void oneJittedStepServesEveryStep(Sgd opt, DType dtype) {
    StepByStep.Problem p = StepByStep.problem(12, dtype);
    Jit jitted = Jax.jit(a -> asList(opt.update(a[0], a[1], a[2])));
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

  static List<Object> asList(Optimizer.Update u) {
    return List.of(u.params(), u.state());
  }

  @Test
  void hyperParametersAreCheckedAsTorchDoes() {
    var nesterov =
        assertThrows(IllegalArgumentException.class, () -> Optim.sgd(0.1).withNesterov(true));
    assertTrue(nesterov.getMessage().contains("Nesterov momentum requires a momentum > 0"));
    var damped =
        assertThrows(
            IllegalArgumentException.class,
            () -> Optim.sgd(0.1).withMomentum(0.9).withNesterov(true).withDampening(0.1));
    assertTrue(damped.getMessage().contains("zero dampening"));
    var lr = assertThrows(IllegalArgumentException.class, () -> Optim.sgd(-1));
    assertEquals("SGD: lr must be >= 0, got -1.0", lr.getMessage());
    var nan =
        assertThrows(IllegalArgumentException.class, () -> Optim.sgd(0.1).withMomentum(Double.NaN));
    assertEquals("SGD: momentum must be >= 0, got NaN", nan.getMessage());
  }
}
