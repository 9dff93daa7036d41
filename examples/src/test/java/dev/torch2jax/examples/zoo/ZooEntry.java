package dev.torch2jax.examples.zoo;

import java.nio.file.Path;

/**
 * One row of the zoo's {@code manifest.tsv} (written by {@code scripts/zoo/make_zoo.py}): a model
 * saved one way ({@code script} or {@code trace}).
 *
 * @param name the model's name in the zoo ({@code resnet18})
 * @param family the model family ({@code ResNet})
 * @param variant {@code script} or {@code trace}
 * @param file the TorchScript file, {@code -} when Python could not make it
 * @param ioFile the file holding the fixed inputs and Python's outputs
 * @param note the configuration, or why Python could not make the file
 */
record ZooEntry(
    String name, String family, String variant, String file, String ioFile, String note) {

  /** Whether Python made this file. */
  boolean made() {
    return !file.equals("-");
  }

  /** {@code name.variant}, the fixture's name in test reports. */
  String id() {
    return name + "." + variant;
  }

  Path model(Path dir) {
    return dir.resolve(file);
  }

  Path io(Path dir) {
    return dir.resolve(ioFile);
  }
}
