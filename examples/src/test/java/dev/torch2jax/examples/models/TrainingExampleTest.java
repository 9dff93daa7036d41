package dev.torch2jax.examples.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A fast version of the training example: the loss falls at least 10x, the classes are learnt. */
class TrainingExampleTest {
  @Test
  void lossFallsTenfold() {
    Random rng = new Random(1);
    List<TrainingExample.Batch> batches = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batches.add(TrainingExample.data(rng, 32, 0.5));
    }
    TrainingExample.Batch test = TrainingExample.data(rng, 64, 0.5);
    List<TrainingExample.Epoch> h =
        TrainingExample.train(TrainingExample.classifier(1), batches, test, 8, 0.05f, false);
    double ratio = h.getFirst().loss() / h.getLast().loss();
    assertTrue(ratio >= 10, "loss fell only " + ratio + "x: " + h);
    assertTrue(h.getLast().accuracy() >= 0.95, "accuracy " + h.getLast().accuracy());
  }
}
