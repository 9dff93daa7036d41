package dev.torch2jax.examples.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Groups the rows of concurrent requests into batches: one worker thread takes the oldest request,
 * waits at most {@code maxWait} for more until {@code maxBatch} rows, runs them as one batch and
 * hands each request its rows of the result. An engine failure fails the requests of that batch
 * only.
 */
final class DynamicBatcher implements AutoCloseable {
  private record Pending(float[][] rows, CompletableFuture<float[][]> result) {}

  private final InferenceEngine engine;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  DynamicBatcher(InferenceEngine engine, int maxBatch, long maxWaitMicros) {
    this.engine = engine;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
    this.worker = Thread.ofPlatform().name("batcher").daemon().start(this::loop);
  }

  /** The outputs of {@code rows} (at most {@code maxBatch} of them), when their batch has run. */
  CompletableFuture<float[][]> submit(float[][] rows) {
    CompletableFuture<float[][]> result = new CompletableFuture<>();
    queue.add(new Pending(rows, result));
    return result;
  }

  private void loop() {
    Pending carried = null;
    while (!closed) {
      try {
        Pending first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          continue;
        }
        List<Pending> batch = new ArrayList<>(List.of(first));
        int rows = first.rows().length;
        long deadline = System.nanoTime() + maxWaitNanos;
        while (rows < maxBatch) {
          Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          if (rows + next.rows().length > maxBatch) {
            carried = next;
            break;
          }
          batch.add(next);
          rows += next.rows().length;
        }
        runBatch(batch, rows);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void runBatch(List<Pending> batch, int rows) {
    float[][] input = new float[rows][];
    int at = 0;
    for (Pending p : batch) {
      System.arraycopy(p.rows(), 0, input, at, p.rows().length);
      at += p.rows().length;
    }
    try {
      float[][] output = engine.run(input);
      at = 0;
      for (Pending p : batch) {
        float[][] mine = new float[p.rows().length][];
        System.arraycopy(output, at, mine, 0, mine.length);
        at += mine.length;
        p.result().complete(mine);
      }
    } catch (RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
