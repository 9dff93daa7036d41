package dev.torch2jax.examples.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server on an ephemeral port: batched answers against libtorch, and bad requests. */
class ModelServerTest {
  private static final long[] ROW = {3, 8, 8};
  private static final int ROW_SIZE = 192;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static ModelServer server;
  private static LibtorchEngine oracle;

  @BeforeAll
  static void start() throws Exception {
    String model =
        Path.of(ModelServerTest.class.getResource("/training/small_net.script.pt").toURI())
            .toString();
    server = new ModelServer(model, ROW, ModelServer.Engine.XLA, 0, 8, 20_000);
    JitModule module = torch.load(model);
    module.eval();
    oracle = new LibtorchEngine(module, ROW);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/predict".formatted(server.port())))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
  }

  private static float[][] randomRows(Random random, int n) {
    float[][] rows = new float[n][ROW_SIZE];
    for (float[] row : rows) {
      for (int i = 0; i < ROW_SIZE; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return rows;
  }

  @Test
  void concurrentRequestsAreAnsweredAsLibtorchWould() throws Exception {
    Random random = new Random(7);
    List<float[][]> inputs = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      float[][] rows = randomRows(random, 1 + r % 3);
      inputs.add(rows);
      String body = JSON.writeValueAsString(java.util.Map.of("inputs", rows));
      answers.add(CompletableFuture.supplyAsync(() -> post(body)));
    }
    for (int r = 0; r < inputs.size(); r++) {
      HttpResponse<String> response = answers.get(r).join();
      assertEquals(200, response.statusCode(), response.body());
      JsonNode outputs = JSON.readTree(response.body()).get("outputs");
      float[][] expected = oracle.run(inputs.get(r));
      assertEquals(expected.length, outputs.size());
      for (int i = 0; i < expected.length; i++) {
        float[] got = JSON.treeToValue(outputs.get(i), float[].class);
        assertArrayEquals(expected[i], got, 1e-4f, "request " + r + " row " + i);
      }
    }
  }

  @Test
  void badRequestsGetA4xxWithTheReason() throws Exception {
    assertError(post("{not json"), 400, "the body is not JSON");
    assertError(post("[1, 2]"), 400, "expected an object with \"inputs\"");
    assertError(post("{\"inputs\": [[1, 2, 3]]}"), 400, "row 0 must be an array of 192 numbers");
    String word = "{\"inputs\": [[" + "0, ".repeat(ROW_SIZE - 1) + "\"x\"]]}";
    assertError(post(word), 400, "row 0, value 191 is not a number");
    String tooMany = JSON.writeValueAsString(java.util.Map.of("inputs", new float[9][ROW_SIZE]));
    assertError(post(tooMany), 400, "must hold 1 to 8 rows, got 9");
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/predict".formatted(server.port())))
            .GET()
            .build();
    assertError(CLIENT.send(get, HttpResponse.BodyHandlers.ofString()), 405, "use POST");
    // The server still answers.
    float[][] rows = randomRows(new Random(3), 1);
    HttpResponse<String> ok = post(JSON.writeValueAsString(java.util.Map.of("inputs", rows)));
    assertEquals(200, ok.statusCode(), ok.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String reason)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    String error = JSON.readTree(response.body()).get("error").asText();
    assertTrue(error.contains(reason), error);
  }
}
