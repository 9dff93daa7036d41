package dev.torch2jax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The shardings of a sharded {@link Jax#jit(Fn, JitShardings)}, like JAX's {@code in_shardings} and
 * {@code out_shardings}.
 *
 * <ul>
 *   <li>{@code inShardings}: one entry per positional argument, applied to every array in it (a map
 *       of parameters gets one sharding for all); null, or no entry, follows the argument: a
 *       sharded array keeps its sharding, any other array is replicated.
 *   <li>{@code outShardings}: one entry per output array, or a single entry for all of them; null,
 *       or no entry, replicates the output on every device.
 * </ul>
 *
 * <pre>{@code
 * NamedSharding batch = new NamedSharding(mesh, PartitionSpec.of("data"));
 * NamedSharding all = NamedSharding.replicated(mesh);
 * Fn step = Jax.jit(trainStep, JitShardings.in(all, batch, batch).out(all));
 * }</pre>
 *
 * @param inShardings per-argument shardings (entries may be null)
 * @param outShardings per-output shardings, or one for all (entries may be null)
 */
public record JitShardings(List<NamedSharding> inShardings, List<NamedSharding> outShardings) {
  public JitShardings {
    inShardings = Collections.unmodifiableList(new ArrayList<>(inShardings));
    outShardings = Collections.unmodifiableList(new ArrayList<>(outShardings));
  }

  /** Input shardings, outputs replicated (add them with {@link #out}). */
  public static JitShardings in(NamedSharding... perArgument) {
    return new JitShardings(Arrays.asList(perArgument), List.of());
  }

  /** These shardings with output shardings {@code perOutput} (or one for every output). */
  public JitShardings out(NamedSharding... perOutput) {
    return new JitShardings(inShardings, Arrays.asList(perOutput));
  }
}
