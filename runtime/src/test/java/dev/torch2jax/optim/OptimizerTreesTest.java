package dev.torch2jax.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter, gradient and state trees that do not match: errors that name the place. */
class OptimizerTreesTest {
  private static final Array W = Array.of(new float[12], 3, 4);
  private static final Array B = Array.of(new float[5]);
  private static final Map<String, Array> PARAMS = Map.of("weight", W, "bias", B);

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void gradsMissingAKey() {
    Adam adam = Optim.adam(0.1);
    Object state = adam.init(PARAMS);
    assertEquals(
        "Adam.update: grads has no entry \"weight\" at the top level, which params has; params,"
            + " grads, state[\"exp_avg\"], state[\"exp_avg_sq\"] must have the same structure,"
            + " and each leaf the same shape and dtype",
        error(() -> adam.update(Map.of("bias", B), state, PARAMS)));
  }

  @Test
  void gradsThatAreNull() {
    Sgd sgd = Optim.sgd(0.1);
    assertEquals(
        "SGD.update: grads at the top level is null but params there is a Map; params, grads"
            + " must have the same structure, and each leaf the same shape and dtype",
        error(() -> sgd.update(null, sgd.init(PARAMS), PARAMS)));
  }

  @Test
  void gradsWithAnExtraKey() {
    Sgd sgd = Optim.sgd(0.1);
    assertEquals(
        "SGD.update: grads has an entry \"scale\" at the top level that params lacks; params,"
            + " grads must have the same structure, and each leaf the same shape and dtype",
        error(
            () ->
                sgd.update(Map.of("weight", W, "bias", B, "scale", B), sgd.init(PARAMS), PARAMS)));
  }

  @Test
  void gradOfTheWrongShapeOrDtype() {
    Sgd sgd = Optim.sgd(0.1);
    Object state = sgd.init(PARAMS);
    String shape =
        error(
            () ->
                sgd.update(
                    Map.of("weight", Array.of(new float[12], 4, 3), "bias", B), state, PARAMS));
    assertEquals(
        "SGD.update: grads at [\"weight\"] is float32[4, 3] but params there is float32[3, 4];"
            + " params, grads must have the same structure, and each leaf the same shape and dtype",
        shape);
    String dtype =
        error(
            () -> sgd.update(Map.of("weight", W, "bias", Array.of(new double[5])), state, PARAMS));
    assertEquals(
        "SGD.update: grads at [\"bias\"] is float64[5] but params there is float32[5];"
            + " params, grads must have the same structure, and each leaf the same shape and dtype",
        dtype);
  }

  @Test
  void nestedTreesNameThePath() {
    Sgd sgd = Optim.sgd(0.1).withMomentum(0.9);
    List<Object> params = List.of(B, Map.of("w", W));
    Object state = sgd.init(params);
    String message =
        error(() -> sgd.update(List.of(B, Map.of("w", Jnp.reshape(W, 12))), state, params));
    assertEquals(
        "SGD.update: grads at [1][\"w\"] is float32[12] but params there is float32[3, 4];"
            + " params, grads, state[\"momentum_buffer\"] must have the same structure, and each"
            + " leaf the same shape and dtype",
        message);
    String list = error(() -> sgd.update(List.of(B), state, params));
    assertEquals(
        "SGD.update: grads at the top level is a List of length 1 but params there is a List"
            + " of length 2; params, grads, state[\"momentum_buffer\"] must have the same"
            + " structure, and each leaf the same shape and dtype",
        list);
  }

  @Test
  void stateOfOtherParameters() {
    Adam adam = Optim.adam(0.1);
    Object state = adam.init(Map.of("weight", W));
    assertEquals(
        "Adam.update: state[\"exp_avg\"] has no entry \"bias\" at the top level, which params"
            + " has; params, grads, state[\"exp_avg\"], state[\"exp_avg_sq\"] must have the same"
            + " structure, and each leaf the same shape and dtype",
        error(() -> adam.update(PARAMS, state, PARAMS)));
  }

  @Test
  void stateOfAnotherOptimizer() {
    Object sgdState = Optim.sgd(0.1).init(PARAMS);
    assertEquals(
        "Adam.update: the optimizer state must be the Map with keys [exp_avg, exp_avg_sq, step]"
            + " that this optimizer's init(params) or update returned, got a Map with keys [step]",
        error(() -> Optim.adam(0.1).update(PARAMS, sgdState, PARAMS)));
    assertEquals(
        "SGD.update: the optimizer state must be the Map with keys [step] that this optimizer's"
            + " init(params) or update returned, got null",
        error(() -> Optim.sgd(0.1).update(PARAMS, null, PARAMS)));
  }

  @Test
  void stepThatIsNotAnInt32Scalar() {
    Sgd sgd = Optim.sgd(0.1);
    assertEquals(
        "SGD.update: the state's \"step\" must be an int32 0-d array (the steps taken so far),"
            + " got a java.lang.Integer",
        error(() -> sgd.update(PARAMS, Map.of("step", 3), PARAMS)));
  }

  @Test
  void integerLeavesAreNotParameters() {
    Map<String, Array> withBuffer = Map.of("weight", W, "num_batches_tracked", Array.scalar(0L));
    assertEquals(
        "SGD.init: params at [\"num_batches_tracked\"] is int64[]; optimizers update"
            + " floating-point arrays only, so leave buffers and integer leaves out of the"
            + " parameter tree",
        error(() -> Optim.sgd(0.1).init(withBuffer)));
    assertEquals(
        "Adam.init: params at [\"lr\"] is a java.lang.Double; optimizers take pytrees of arrays"
            + " (Map<String, ?>, List, null and Array leaves)",
        error(() -> Optim.adam(0.1).init(Map.of("lr", 0.1))));
  }
}
