package dev.torch2jax.hlo;

import java.util.List;

/**
 * Builds the body of an op's region, such as the reducer of {@code stablehlo.reduce}.
 *
 * <p>For example a sum: {@code (b, args) -> b.returns(b.add(args.get(0), args.get(1)))}.
 */
@FunctionalInterface
public interface RegionBody {
  /**
   * Emits the region's ops on {@code region} and ends with {@code region.returns(...)}.
   *
   * @param region a builder for the region; it accepts only its own values
   * @param args the block arguments (for reduce: the accumulators, then the elements, as scalars)
   */
  void build(FunctionBuilder region, List<Value> args);
}
