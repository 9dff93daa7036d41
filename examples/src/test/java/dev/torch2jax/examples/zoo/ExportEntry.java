package dev.torch2jax.examples.zoo;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of the zoo's {@code exports.tsv} (written by {@code scripts/zoo/make_zoo_exports.py}): a
 * model exported one way with {@code torch.export}.
 *
 * @param name the model's name in the zoo ({@code resnet18})
 * @param family the model family
 * @param variant {@code aten} or {@code training} (the dialect of an eval-mode export), {@code
 *     dynamic.aten} (a dynamic batch), {@code train.aten} or {@code train.training} (exported in
 *     training mode)
 * @param file the {@code .pt2} file, {@code -} when it was not made
 * @param ioFiles the files holding inputs and Python's outputs (for a dynamic batch one per batch
 *     size)
 * @param batchRange {@code min..max} of the dynamic batch, {@code -} when static
 * @param note why the file was not made, or a remark
 */
record ExportEntry(
    String name,
    String family,
    String variant,
    String file,
    List<String> ioFiles,
    String batchRange,
    String note) {

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

  /** The smallest batch size of a dynamic export. */
  long minBatch() {
    return Long.parseLong(batchRange.substring(0, batchRange.indexOf("..")));
  }

  /** The largest batch size of a dynamic export. */
  long maxBatch() {
    return Long.parseLong(batchRange.substring(batchRange.indexOf("..") + 2));
  }
}
