package dev.torch2jax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How an array's dimensions map onto mesh axes, like JAX's {@code PartitionSpec}: entry {@code d}
 * names the {@link Mesh} axis dimension {@code d} is split over, or is null for a dimension every
 * device holds whole. Dimensions past the end of the spec are not split; an empty spec replicates.
 *
 * <pre>{@code
 * PartitionSpec.of("data")        // rows split over axis "data", columns whole
 * PartitionSpec.of(null, "model") // rows whole, columns split over "model"
 * }</pre>
 *
 * @param axes one mesh axis name (or null) per leading dimension
 */
public record PartitionSpec(List<String> axes) {
  /**
   * Checks that no mesh axis splits two dimensions.
   *
   * @throws IllegalArgumentException when an axis name repeats
   */
  public PartitionSpec {
    axes = Collections.unmodifiableList(new ArrayList<>(axes));
    Set<String> seen = new HashSet<>();
    for (String a : axes) {
      if (a != null && !seen.add(a)) {
        throw new IllegalArgumentException(
            "mesh axis '%s' splits two dimensions of %s; an axis can split one dimension"
                .formatted(a, axes));
      }
    }
  }

  /** A spec from one axis name (or null) per dimension. */
  public static PartitionSpec of(String... axes) {
    return new PartitionSpec(Arrays.asList(axes));
  }

  /** The spec of an array every device holds whole. */
  public static PartitionSpec replicated() {
    return new PartitionSpec(List.of());
  }

  /** The axis dimension {@code d} is split over, or null. */
  public String axis(int d) {
    return d < axes.size() ? axes.get(d) : null;
  }

  /** This spec with an unsplit dimension inserted at {@code d} (a batch axis added by vmap). */
  public PartitionSpec withUnsplitDimension(int d) {
    List<String> out = new ArrayList<>(axes);
    while (out.size() < d) {
      out.add(null);
    }
    out.add(d, null);
    return new PartitionSpec(out);
  }

  /** True when no dimension is split. */
  public boolean isReplicated() {
    return axes.stream().allMatch(Objects::isNull);
  }

  @Override
  public String toString() {
    return "P("
        + String.join(", ", axes.stream().map(a -> a == null ? "None" : "'" + a + "'").toList())
        + ")";
  }
}
