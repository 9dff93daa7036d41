package dev.torch2jax.export;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.export.ExportSchema.PayloadConfig;
import dev.torch2jax.export.ExportSchema.PayloadMeta;
import dev.torch2jax.export.ExportSchema.TensorMeta;
import dev.torch2jax.export.ExportSchema.Union;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights and constants of an archive: a JSON index ({@code <model>_weights_config.json})
 * naming, for each tensor, a raw little-endian storage entry and the sizes, strides and offset (in
 * elements) of the view into it. Tensors that share storage point at the same entry.
 */
final class StoredTensors {
  private StoredTensors() {}

  /**
   * Every tensor of the index at {@code folder + index}, by its Python name, in index order.
   *
   * @throws Pt2ArchiveException for a missing entry, a pickled tensor, or a view past the storage
   */
  static Map<String, Array> read(Pt2Archive archive, String folder, String index) {
    Map<String, Array> out = new LinkedHashMap<>();
    if (!archive.has(folder + index)) {
      return out;
    }
    PayloadConfig config = archive.json(folder + index, PayloadConfig.class);
    if (config.config() == null) {
      return out;
    }
    for (Map.Entry<String, PayloadMeta> e : config.config().entrySet()) {
      PayloadMeta meta = e.getValue();
      if (Boolean.TRUE.equals(meta.usePickle())) {
        throw new Pt2ArchiveException(
            archive.file(),
            ("tensor %s is stored with pickle (a tensor subclass); torch2jax reads only plain"
                    + " tensors: convert it to a plain tensor before torch.export.save")
                .formatted(e.getKey()));
      }
      byte[] storage = archive.bytes(folder + meta.pathName());
      out.put(e.getKey(), view(archive, e.getKey(), storage, meta.tensorMeta()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Array view(Pt2Archive archive, String name, byte[] storage, TensorMeta meta) {
    DType dtype = ExportEnums.dtype(meta.dtype());
    long[] sizes = ints(meta.sizes());
    long[] strides = ints(meta.strides());
    long offset = meta.storageOffset() == null ? 0 : meta.storageOffset().value().asLong();
    int item = dtype.byteSize();
    long count = 1;
    long last = offset;
    for (int d = 0; d < sizes.length; d++) {
      count *= sizes[d];
      last += sizes[d] == 0 ? 0 : (sizes[d] - 1) * strides[d];
    }
    if (count > 0 && (last + 1) * item > storage.length) {
      throw new Pt2ArchiveException(
          archive.file(),
          "tensor %s views past its storage (%d bytes); the archive is damaged"
              .formatted(name, storage.length));
    }
    if (isRowMajor(sizes, strides)) {
      int from = Math.toIntExact(offset * item);
      return Array.fromBytes(
          Arrays.copyOfRange(storage, from, Math.toIntExact(from + count * item)), dtype, sizes);
    }
    byte[] bytes = new byte[Math.toIntExact(count * item)];
    long[] index = new long[sizes.length];
    for (int i = 0; i < count; i++) {
      long at = offset;
      for (int d = 0; d < sizes.length; d++) {
        at += index[d] * strides[d];
      }
      System.arraycopy(storage, Math.toIntExact(at * item), bytes, i * item, item);
      for (int d = sizes.length - 1; d >= 0 && ++index[d] == sizes[d]; d--) {
        index[d] = 0;
      }
    }
    return Array.fromBytes(bytes, dtype, sizes);
  }

  private static boolean isRowMajor(long[] sizes, long[] strides) {
    long expected = 1;
    for (int d = sizes.length - 1; d >= 0; d--) {
      if (sizes[d] != 1 && strides[d] != expected) {
        return false;
      }
      expected *= sizes[d];
    }
    return true;
  }

  /** Concrete sizes or strides (stored tensors never have symbolic ones). */
  private static long[] ints(List<Union> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).value().asLong();
    }
    return out;
  }
}
