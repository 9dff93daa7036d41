package dev.torch2jax.examples.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput and p50/p99 latency of {@link ModelServer} at several concurrency levels, on the
 * loopback interface, for the jitted model with buckets and for libtorch eager; bounded by a
 * request count per level.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.serving.LoadTest
 * examples/src/test/resources/training/small_net.script.pt 3,8,8 [requests per level]}
 */
public final class LoadTest {
  private static final int[] CONCURRENCY = {1, 4, 16, 64};

  private LoadTest() {}

  /** Prints one line per engine and concurrency level. */
  public static void main(String[] args) throws Exception {
    long[] rowShape = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int rowSize = Math.toIntExact(Arrays.stream(rowShape).reduce(1, Math::multiplyExact));
    String body = body(rowSize);
    for (ModelServer.Engine engine : ModelServer.Engine.values()) {
      try (ModelServer server = new ModelServer(args[0], rowShape, engine, 0, 32, 1000)) {
        URI uri = URI.create("http://127.0.0.1:%d/predict".formatted(server.port()));
        run(uri, body, 1, 200); // warm-up: compiles the small buckets, warms the JIT
        for (int c : CONCURRENCY) {
          run(uri, body, c, requests / 10); // compiles this level's buckets
          double[] ms = run(uri, body, c, requests);
          System.out.printf(
              Locale.ROOT,
              "%-16s concurrency %3d: %7.0f requests/s, p50 %6.2f ms, p99 %6.2f ms%n",
              engine,
              c,
              ms[0],
              ms[1],
              ms[2]);
        }
      }
    }
  }

  /** Sends {@code n} requests from {@code concurrency} clients; throughput, p50, p99. */
  private static double[] run(URI uri, String body, int concurrency, int n) throws Exception {
    HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    double[] latencies = new double[n];
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        int first = w;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = first; i < n; i += concurrency) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(
                          "status %d: %s".formatted(r.statusCode(), r.body()));
                    }
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    client.close();
    Arrays.sort(latencies);
    return new double[] {
      n / seconds, latencies[n / 2], latencies[Math.min(n - 1, (int) (n * 0.99))]
    };
  }

  private static String body(int rowSize) {
    Random random = new Random(0);
    StringBuilder b = new StringBuilder("{\"inputs\": [[");
    for (int i = 0; i < rowSize; i++) {
      b.append(i == 0 ? "" : ",").append(random.nextGaussian());
    }
    return b.append("]]}").toString();
  }
}
