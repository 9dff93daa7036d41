package dev.torch2jax.examples.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The model zoo of {@code examples/src/test/resources/zoo} (saved by {@code
 * scripts/zoo/make_zoo.py}): every TorchScript file under {@code Jax.jit} against Python's output,
 * a few eagerly, and for a CNN, an LSTM, a transformer encoder and BERT the gradient against
 * libtorch autograd and {@code vmap} against a loop. One dynamic test per file, named after it.
 * With {@code -Dtorch2jax.zoo.report=../docs/models.md} the run writes the table of results; with
 * {@code -Dtorch2jax.zoo.only=REGEX} it runs only the fixtures whose {@code name.variant} matches.
 */
class ZooTest {
  /** Max relative error vs Python (float32): max |t2j - Python| / max |Python| per output. */
  private static final double TOLERANCE = 1e-4;

  private static final List<String> EAGER =
      List.of("squeezenet.script", "vit.script", "lstm.trace", "transformer_encoder.script");
  private static final List<String> GRAD_AND_VMAP =
      List.of("resnet18.script", "lstm.trace", "transformer_encoder.trace", "bert.trace");
  private static final int TIMING_RUNS = 5;

  private static final ZooManifest MANIFEST = ZooManifest.load();
  private static final ZooReport REPORT = new ZooReport();
  private static final Predicate<String> SELECTED =
      Pattern.compile(System.getProperty("torch2jax.zoo.only", ".*")).asMatchPredicate();

  @TestFactory
  Stream<DynamicTest> jittedForwardMatchesPython() {
    return MANIFEST.made().stream()
        .filter(e -> SELECTED.test(e.id()))
        .map(e -> dynamicTest("jit " + e.id(), () -> jitted(e)));
  }

  @TestFactory
  Stream<DynamicTest> eagerForwardMatchesPython() {
    return EAGER.stream()
        .filter(SELECTED)
        .map(id -> dynamicTest("eager " + id, () -> named("eager", id, ZooTest::eager)));
  }

  @TestFactory
  Stream<DynamicTest> gradientOfSumOfSquaresMatchesAutograd() {
    return GRAD_AND_VMAP.stream()
        .filter(SELECTED)
        .map(id -> dynamicTest("grad " + id, () -> named("grad", id, ZooTest::gradient)));
  }

  @TestFactory
  Stream<DynamicTest> vmapOverABatchMatchesALoop() {
    return GRAD_AND_VMAP.stream()
        .filter(SELECTED)
        .map(id -> dynamicTest("vmap " + id, () -> named("vmap", id, ZooTest::vmapped)));
  }

  @AfterAll
  static void writeReport() {
    var path = REPORT.writeIfRequested(MANIFEST);
    if (path != null) {
      System.out.println("zoo report written to " + path.toAbsolutePath().normalize());
    }
  }

  /** Runs {@code check} on fixture {@code id}, naming the fixture in any failure. */
  private static void named(String what, String id, Consumer<ZooEntry> check) {
    try {
      check.accept(MANIFEST.entry(id));
    } catch (Throwable t) {
      throw new AssertionError("zoo fixture %s (%s): %s".formatted(id, what, firstLine(t)), t);
    }
  }

  private static void jitted(ZooEntry entry) {
    try {
      ZooFixture f = ZooFixture.load(MANIFEST.dir(), entry);
      Object[] args = withStateDict(T2J.stateDict(f.module), f.arrayInputs());
      Fn fast = Jax.jit(T2J.t2j(f.module));
      double err = Outputs.maxRelativeError(f.expectedArrays(), Outputs.flatten(fast.apply(args)));
      if (!(err <= TOLERANCE)) {
        throw new AssertionError("max relative error %.2e > %.0e".formatted(err, TOLERANCE));
      }
      double ratio = timeRatio(f, fast, args);
      REPORT.record(entry, new ZooReport.Result(err, ratio, null));
      System.out.printf("zoo %s: pass, error %.1e, time ratio %.2f%n", entry.id(), err, ratio);
    } catch (Throwable t) {
      String line = firstLine(t);
      REPORT.record(entry, new ZooReport.Result(Double.NaN, Double.NaN, line));
      System.out.printf("zoo %s: FAIL %s%n", entry.id(), line);
      throw new AssertionError("zoo fixture %s under jit: %s".formatted(entry.id(), line), t);
    }
  }

  private static void eager(ZooEntry entry) {
    ZooFixture f = ZooFixture.load(MANIFEST.dir(), entry);
    Object result = T2J.t2j(f.module).call(T2J.stateDict(f.module), f.arrayInputs());
    double err = Outputs.maxRelativeError(f.expectedArrays(), Outputs.flatten(result));
    assertTrue(err <= TOLERANCE, "%s eager: max relative error %.2e".formatted(entry.id(), err));
  }

  private static void gradient(ZooEntry entry) {
    ZooFixture f = ZooFixture.load(MANIFEST.dir(), entry);
    TorchFunction model = T2J.t2j(f.module);
    Map<String, Tensor> torchParams = ModelParameters.names(f.module);
    Map<String, Array> params = new LinkedHashMap<>();
    Map<String, Array> buffers = new LinkedHashMap<>();
    T2J.stateDict(f.module)
        .forEach((k, v) -> (torchParams.containsKey(k) ? params : buffers).put(k, v));
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) args[0]);
          @SuppressWarnings("unchecked")
          Map<String, Array> b = (Map<String, Array>) args[1];
          all.putAll(b);
          Object[] inputs = Arrays.copyOfRange(args, 2, args.length);
          return GradientCheck.sumOfSquares(Outputs.flatten(model.call(all, inputs)));
        };
    Object[] args = new Object[2 + f.inputs.size()];
    args[0] = params;
    args[1] = buffers;
    System.arraycopy(f.arrayInputs(), 0, args, 2, f.inputs.size());
    @SuppressWarnings("unchecked")
    Map<String, Array> grads = (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(args);
    Map<String, double[]> expected =
        GradientCheck.libtorch(ZooFixture.loadModel(MANIFEST.dir(), entry), f.inputs);
    GradientCheck.assertClose(entry.id(), expected, grads);
  }

  private static void vmapped(ZooEntry entry) {
    ZooFixture f = ZooFixture.load(MANIFEST.dir(), entry);
    TorchFunction model = T2J.t2j(f.module);
    Map<String, Array> stateDict = T2J.stateDict(f.module);
    List<Object[]> members = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      members.add(withStateDict(stateDict, batchMember(f.inputs, k)));
    }
    Fn single = Jax.jit(model);
    List<List<Array>> looped = members.stream().map(a -> Outputs.flatten(single.apply(a))).toList();

    Object[] stacked = new Object[1 + f.inputs.size()];
    stacked[0] = stateDict;
    Integer[] axes = new Integer[stacked.length];
    for (int i = 0; i < f.inputs.size(); i++) {
      int input = i + 1;
      stacked[input] = Jnp.stack(members.stream().map(a -> (Array) a[input]).toList(), 0);
      axes[input] = 0;
    }
    List<Array> batched = Outputs.flatten(Jax.jit(Jax.vmap(model, axes)).apply(stacked));
    List<Array> expected = new ArrayList<>();
    for (int j = 0; j < looped.get(0).size(); j++) {
      int output = j;
      expected.add(Jnp.stack(looped.stream().map(o -> o.get(output)).toList(), 0));
    }
    double err = Outputs.maxRelativeError(expected, batched);
    assertTrue(
        err <= TOLERANCE, "%s vmap vs loop: max relative error %.2e".formatted(entry.id(), err));
  }

  /** Batch member {@code k}: floats scaled by 1, 0.5 or -1; integer/bool inputs flipped. */
  private static Object[] batchMember(List<Tensor> inputs, int k) {
    return inputs.stream()
        .map(
            x -> {
              Tensor t =
                  x.is_floating_point()
                      ? x.mul(new Scalar(new double[] {1, 0.5, -1}[k]))
                      : switch (k) {
                        case 0 -> x;
                        case 1 -> x.flip(-1);
                        default -> x.flip(0);
                      };
              return T2J.t2j(t);
            })
        .toArray();
  }

  /**
   * The fastest of a few t2j jitted forwards (outputs copied to the host) over the fastest of as
   * many libtorch eager forwards, interleaved (the minimum is the measure least disturbed by other
   * processes).
   */
  private static double timeRatio(ZooFixture f, Fn fast, Object[] args) {
    for (int i = 0; i < 3; i++) {
      f.libtorchForward(); // TorchScript's profiling executor optimizes after the first runs
    }
    double[] t2j = new double[TIMING_RUNS];
    double[] libtorch = new double[TIMING_RUNS];
    for (int r = 0; r < TIMING_RUNS; r++) {
      long t0 = System.nanoTime();
      Outputs.flatten(fast.apply(args)).forEach(Array::toBytes);
      t2j[r] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      f.libtorchForward();
      libtorch[r] = System.nanoTime() - t0;
    }
    return Arrays.stream(t2j).min().orElseThrow() / Arrays.stream(libtorch).min().orElseThrow();
  }

  private static Object[] withStateDict(Map<String, Array> stateDict, Object[] inputs) {
    Object[] args = new Object[inputs.length + 1];
    args[0] = stateDict;
    System.arraycopy(inputs, 0, args, 1, inputs.length);
    return args;
  }

  /**
   * The exception's class and the first line of its message, for the report; for an exception that
   * is not a deliberate report (NullPointerException, ClassCastException, ...) also where it was
   * thrown.
   */
  private static String firstLine(Throwable t) {
    String message =
        t.getMessage() == null ? "" : t.getMessage().strip().lines().findFirst().orElse("");
    boolean deliberate =
        t instanceof AssertionError
            || t instanceof IllegalArgumentException
            || t.getClass().getPackageName().startsWith("dev.torch2jax");
    StackTraceElement[] at = t.getStackTrace();
    String where =
        deliberate || at.length == 0
            ? ""
            : " (at %s.%s:%d)"
                .formatted(
                    at[0].getClassName().replaceFirst(".*\\.", ""),
                    at[0].getMethodName(),
                    at[0].getLineNumber());
    return "%s: %s%s".formatted(t.getClass().getSimpleName(), message, where);
  }
}
