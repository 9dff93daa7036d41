package dev.torch2jax.examples.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.export.ExportedFunction;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The model zoo exported with {@code torch.export} ({@code examples/src/test/resources/zoo/*.pt2},
 * saved by {@code scripts/zoo/make_zoo_exports.py}, listed in {@code exports.tsv}): every file
 * loaded with {@code T2J.load} and run under {@code Jax.jit} against Python's output; the gradient
 * against libtorch autograd on the TorchScript file of the same model for a CNN and a transformer
 * encoder; dynamic-batch exports at two batch sizes and refusing one outside their range; a
 * training-mode export's updated buffers against Python's. One dynamic test per file, named after
 * it; a model Python could not export has a test that checks the manifest says why. With {@code
 * -Dtorch2jax.zoo.only=REGEX} it runs only the fixtures whose {@code name.variant} matches.
 */
class ZooExportTest {
  /** Max relative error vs Python (float32): max |t2j - Python| / max |Python| per output. */
  private static final double TOLERANCE = 1e-4;

  /** Exports whose gradient is checked, with the TorchScript file that serves as the oracle. */
  private static final Map<String, String> GRADIENT =
      Map.of(
          "densenet.aten", "densenet.script",
          "transformer_encoder.aten", "transformer_encoder.trace");

  private static final ExportManifest EXPORTS = ExportManifest.load();
  private static final ZooManifest ZOO = ZooManifest.load();
  private static final Predicate<String> SELECTED =
      Pattern.compile(System.getProperty("torch2jax.zoo.only", ".*")).asMatchPredicate();

  @TestFactory
  Stream<DynamicTest> jittedForwardMatchesPython() {
    return EXPORTS.made().stream()
        .filter(e -> e.variant().equals("aten") || e.variant().equals("training"))
        .filter(e -> SELECTED.test(e.id()))
        .map(e -> dynamicTest("jit " + e.file(), () -> named(e, () -> jitted(e))));
  }

  /** A model left out is listed with the first line of the export error (or why not saved). */
  @TestFactory
  Stream<DynamicTest> exportsNotMadeSayWhy() {
    return EXPORTS.entries().stream()
        .filter(e -> !e.made())
        .filter(e -> SELECTED.test(e.id()))
        .map(
            e ->
                dynamicTest(
                    "not made: %s (%s)".formatted(e.id(), e.note()),
                    () ->
                        assertTrue(
                            e.note().startsWith("not exported: ")
                                || e.note().startsWith("not saved: "),
                            e.id() + " was not made and the manifest does not say why")));
  }

  @Test
  void everyZooModelHasAnExportRow() {
    Set<String> zoo = ZOO.entries().stream().map(ZooEntry::name).collect(Collectors.toSet());
    Set<String> exported =
        EXPORTS.entries().stream().map(ExportEntry::name).collect(Collectors.toSet());
    assertEquals(new TreeSet<>(zoo), new TreeSet<>(exported));
  }

  @TestFactory
  Stream<DynamicTest> gradientOfSumOfSquaresMatchesAutograd() {
    return GRADIENT.keySet().stream()
        .sorted()
        .filter(SELECTED)
        .map(
            id ->
                dynamicTest(
                    "grad " + id,
                    () -> named(EXPORTS.entry(id), () -> gradient(EXPORTS.entry(id)))));
  }

  @TestFactory
  Stream<DynamicTest> dynamicBatchRunsInRangeAndRefusesOutside() {
    return EXPORTS.made().stream()
        .filter(e -> e.variant().startsWith("dynamic."))
        .filter(e -> SELECTED.test(e.id()))
        .map(e -> dynamicTest("dynamic " + e.file(), () -> named(e, () -> dynamicBatch(e))));
  }

  @TestFactory
  Stream<DynamicTest> trainingModeUpdatesBuffersLikePython() {
    return EXPORTS.made().stream()
        .filter(e -> e.variant().startsWith("train."))
        .filter(e -> SELECTED.test(e.id()))
        .map(e -> dynamicTest("train " + e.file(), () -> named(e, () -> trainingMode(e))));
  }

  /** Runs {@code check}, naming the fixture in any failure. */
  private static void named(ExportEntry e, Runnable check) {
    try {
      check.run();
    } catch (Throwable t) {
      throw new AssertionError("export fixture %s: %s".formatted(e.file(), firstLine(t)), t);
    }
  }

  private static void jitted(ExportEntry e) {
    ExportedFunction f = T2J.load(e.model(EXPORTS.dir()));
    IoFile io = IoFile.load(EXPORTS.dir().resolve(e.ioFiles().getFirst()));
    Object result = Jax.jit(f).apply(withState(f.stateDict(), io.arrayInputs()));
    assertWithin(io.outputs(), result, e.file());
  }

  private static void gradient(ExportEntry e) {
    ExportedFunction f = T2J.load(e.model(EXPORTS.dir()));
    IoFile io = IoFile.load(EXPORTS.dir().resolve(e.ioFiles().getFirst()));
    ZooEntry oracle = ZOO.entry(GRADIENT.get(e.id()));
    Map<String, double[]> expected =
        GradientCheck.libtorch(ZooFixture.loadModel(ZOO.dir(), oracle), io.inputs());
    Map<String, Array> params = new LinkedHashMap<>();
    Map<String, Array> rest = new LinkedHashMap<>();
    f.stateDict().forEach((k, v) -> (expected.containsKey(k) ? params : rest).put(k, v));
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) args[0]);
          @SuppressWarnings("unchecked")
          Map<String, Array> fixed = (Map<String, Array>) args[1];
          all.putAll(fixed);
          Object[] inputs = Arrays.copyOfRange(args, 2, args.length);
          return GradientCheck.sumOfSquares(Outputs.flatten(f.call(all, inputs)));
        };
    Object[] inputs = io.arrayInputs();
    Object[] args = new Object[2 + inputs.length];
    args[0] = params;
    args[1] = rest;
    System.arraycopy(inputs, 0, args, 2, inputs.length);
    @SuppressWarnings("unchecked")
    Map<String, Array> grads = (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(args);
    GradientCheck.assertClose(e.id(), expected, grads);
  }

  private static void dynamicBatch(ExportEntry e) {
    ExportedFunction f = T2J.load(e.model(EXPORTS.dir()));
    Fn jitted = Jax.jit(f);
    long[] sizes = new long[e.ioFiles().size()];
    for (int i = 0; i < sizes.length; i++) {
      IoFile io = IoFile.load(EXPORTS.dir().resolve(e.ioFiles().get(i)));
      Object[] inputs = io.arrayInputs();
      sizes[i] = ((Array) inputs[0]).shape()[0];
      assertWithin(io.outputs(), jitted.apply(withState(f.stateDict(), inputs)), e.file());
    }
    assertEquals(2, Arrays.stream(sizes).distinct().count(), "two batch sizes in the io files");
    long outside = e.maxBatch() + 1;
    IoFile io = IoFile.load(EXPORTS.dir().resolve(e.ioFiles().getFirst()));
    Object[] inputs = io.arrayInputs();
    for (int i = 0; i < inputs.length; i++) {
      Array x = (Array) inputs[i];
      long[] shape = x.shape().clone();
      shape[0] = outside;
      inputs[i] = Jnp.zeros(shape, x.dtype());
    }
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> jitted.apply(withState(f.stateDict(), inputs)),
            "batch %d is outside %s".formatted(outside, e.batchRange()));
    String range = "[%d, %d]".formatted(e.minBatch(), e.maxBatch());
    assertTrue(
        refused.getMessage().contains("dimension 0 (")
            && refused
                .getMessage()
                .contains("is %d, outside the exported range %s".formatted(outside, range)),
        refused.getMessage());
  }

  private static void trainingMode(ExportEntry e) {
    ExportedFunction f = T2J.load(e.model(EXPORTS.dir()));
    IoFile io = IoFile.load(EXPORTS.dir().resolve(e.ioFiles().getFirst()));
    Object[] inputs = io.arrayInputs();
    Fn step = Jax.jit(a -> f.callWithState(f.stateDict(), a));
    @SuppressWarnings("unchecked")
    List<Object> out = (List<Object>) step.apply(inputs);
    assertWithin(io.outputs(), out.get(0), e.file());
    @SuppressWarnings("unchecked")
    Map<String, Array> state = (Map<String, Array>) out.get(1);
    assertEquals(f.stateDict().keySet(), state.keySet(), "the new state's keys");
    assertFalse(io.newState().isEmpty(), "Python updated no buffer");
    for (var b : io.newState().entrySet()) {
      Array got = state.get(b.getKey());
      double err = Outputs.maxRelativeError(List.of(b.getValue()), List.of(got));
      assertTrue(err <= TOLERANCE, "buffer %s off by %.2e".formatted(b.getKey(), err));
    }
    // everything else (parameters, buffers the forward does not update) comes back as given
    for (var s : f.stateDict().entrySet()) {
      if (!io.newState().containsKey(s.getKey())) {
        assertArrayEquals(
            s.getValue().toDoubleArray(),
            state.get(s.getKey()).toDoubleArray(),
            s.getKey() + " changed");
      }
    }
  }

  private static void assertWithin(List<Array> expected, Object result, String file) {
    double err = Outputs.maxRelativeError(expected, Outputs.flatten(result));
    System.out.printf("zoo %s: error %.1e%n", file, err);
    assertTrue(err <= TOLERANCE, "max relative error %.2e > %.0e".formatted(err, TOLERANCE));
  }

  private static Object[] withState(Map<String, Array> state, Object[] inputs) {
    Object[] args = new Object[inputs.length + 1];
    args[0] = state;
    System.arraycopy(inputs, 0, args, 1, inputs.length);
    return args;
  }

  /** The exception's class and the first line of its message. */
  private static String firstLine(Throwable t) {
    String message =
        t.getMessage() == null ? "" : t.getMessage().strip().lines().findFirst().orElse("");
    return "%s: %s".formatted(t.getClass().getSimpleName(), message);
  }
}
