package dev.torch2jax.examples.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;

/**
 * A model saved from Python behind an HTTP endpoint (the JDK's {@code com.sun.net.httpserver}):
 * {@code POST /predict} with {@code {"inputs": [[...], ...]}}, one flattened example per row,
 * answers {@code {"outputs": [[...], ...]}}. Concurrent requests are batched dynamically ({@link
 * DynamicBatcher}) and run by the jitted model with batch buckets, or by libtorch eagerly. A bad
 * request gets a 4xx with {@code {"error": "..."}} saying what was wrong.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.serving.ModelServer model.pt 3,8,8 [port]
 * [xla|libtorch]} (a model in eval mode whose forward takes one batch of examples shaped like the
 * second argument), then e.g. {@code curl -d '{"inputs": [[0.1, ...]]}' localhost:8080/predict}.
 */
public final class ModelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final DynamicBatcher batcher;
  private final InferenceEngine engine;
  private final int rowSize;
  private final int maxBatch;

  /** Which engine runs the model. */
  public enum Engine {
    /** The jitted model on XLA with batch buckets. */
    XLA,
    /** libtorch eager. */
    LIBTORCH
  }

  /**
   * Serves {@code modelFile} on the loopback interface at {@code port} (0: any free port).
   *
   * @param rowShape the shape of one example (the model's input without the batch dimension)
   * @param maxBatch the most rows in one batch (and in one request)
   * @param maxWaitMicros how long a batch waits for more requests after its first
   */
  public ModelServer(
      String modelFile, long[] rowShape, Engine engine, int port, int maxBatch, long maxWaitMicros)
      throws IOException {
    JitModule module = torch.load(modelFile);
    module.eval();
    this.engine =
        engine == Engine.XLA
            ? new XlaEngine(module, rowShape, maxBatch)
            : new LibtorchEngine(module, rowShape);
    this.rowSize = Math.toIntExact(Arrays.stream(rowShape).reduce(1, Math::multiplyExact));
    this.maxBatch = maxBatch;
    this.batcher = new DynamicBatcher(this.engine, maxBatch, maxWaitMicros);
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    http.setExecutor(handlers);
    http.createContext("/predict", this::predict);
    http.start();
  }

  /** The port the server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Serves until killed. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ModelServer model.pt rowShape(e.g. 3,8,8) [port] [xla|libtorch]");
      System.exit(2);
    }
    long[] rowShape = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 8080;
    Engine engine = args.length > 3 ? Engine.valueOf(args[3].toUpperCase()) : Engine.XLA;
    ModelServer server = new ModelServer(args[0], rowShape, engine, port, 32, 2000);
    System.out.printf(
        "serving %s (%s) on http://localhost:%d/predict%n", args[0], engine, server.port());
  }

  private void predict(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        reply(exchange, 405, error("use POST with {\"inputs\": [[...], ...]}"));
        return;
      }
      float[][] rows;
      try (InputStream body = exchange.getRequestBody()) {
        rows = parse(body.readAllBytes());
      } catch (BadRequest e) {
        reply(exchange, 400, error(e.getMessage()));
        return;
      }
      float[][] outputs;
      try {
        outputs = batcher.submit(rows).get();
      } catch (ExecutionException e) {
        reply(exchange, 500, error("the model failed: " + e.getCause().getMessage()));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply(exchange, 503, error("the server is shutting down"));
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode out = answer.putArray("outputs");
      for (float[] row : outputs) {
        ArrayNode r = out.addArray();
        for (float v : row) {
          r.add(v);
        }
      }
      answer.put("engine", engine.name());
      reply(exchange, 200, answer);
    }
  }

  /** A request's rows, or a {@link BadRequest} saying what is wrong with it. */
  private float[][] parse(byte[] body) throws BadRequest {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest("the body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("inputs").isArray()) {
      throw new BadRequest("expected an object with \"inputs\": an array of rows");
    }
    JsonNode inputs = root.get("inputs");
    if (inputs.isEmpty() || inputs.size() > maxBatch) {
      throw new BadRequest(
          "\"inputs\" must hold 1 to %d rows, got %d".formatted(maxBatch, inputs.size()));
    }
    float[][] rows = new float[inputs.size()][];
    for (int r = 0; r < rows.length; r++) {
      JsonNode row = inputs.get(r);
      if (!row.isArray() || row.size() != rowSize) {
        throw new BadRequest(
            "row %d must be an array of %d numbers (one flattened example), got %s"
                .formatted(r, rowSize, row.isArray() ? row.size() + " values" : row.getNodeType()));
      }
      rows[r] = new float[rowSize];
      for (int i = 0; i < rowSize; i++) {
        if (!row.get(i).isNumber()) {
          throw new BadRequest(
              "row %d, value %d is not a number: %s".formatted(r, i, row.get(i).toString()));
        }
        rows[r][i] = row.get(i).floatValue();
      }
    }
    return rows;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops accepting requests, lets those under way finish, and stops the batcher. */
  @Override
  public void close() {
    http.stop(1);
    batcher.close();
    handlers.close();
  }

  /** What is wrong with a request, for its 400 answer. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
