package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.Value;
import java.util.List;

/**
 * {@code sharding_constraint}, like JAX's {@code with_sharding_constraint}: the identity whose
 * result XLA's SPMD partitioner lays out with the given sharding (so it can place collectives where
 * the user wants them). Only a program lowered for a mesh ({@link #LOWERING_MESH} bound by a
 * sharded jit) carries the constraint; everywhere else (eager, a one-device jit) it is the
 * identity.
 */
public final class ShardingOps {
  private static final Primitive SHARDING_CONSTRAINT = Primitive.of("sharding_constraint");

  /** The mesh a sharded jit is lowering for; unbound for one-device programs. */
  public static final ScopedValue<Mesh> LOWERING_MESH = ScopedValue.newInstance();

  private ShardingOps() {}

  /** {@code x} constrained to {@code sharding} inside a traced function. */
  public static Array withShardingConstraint(Array x, NamedSharding sharding) {
    sharding.shardShape(x.shape());
    return SHARDING_CONSTRAINT.bind1(Params.of("sharding", sharding), x);
  }

  /** The operand's shape and dtype, after checking the sharding fits it. */
  @AbstractEval("sharding_constraint")
  public static List<ShapedArray> shardingConstraintAval(
      Primitive p, List<ShapedArray> in, Params params) {
    params.get("sharding", NamedSharding.class).shardShape(in.getFirst().shape());
    return List.of(in.getFirst());
  }

  /** A {@code @Sharding} custom call when lowering for a mesh, else the operand itself. */
  @Lowering("sharding_constraint")
  public static List<Value> shardingConstraintLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    NamedSharding sharding = params.get("sharding", NamedSharding.class);
    if (!LOWERING_MESH.isBound()) {
      return List.of(in.getFirst());
    }
    if (!LOWERING_MESH.get().equals(sharding.mesh())) {
      throw new IllegalArgumentException(
          "with_sharding_constraint on %s inside a jit over another mesh %s"
              .formatted(sharding, LOWERING_MESH.get()));
    }
    Value x = in.getFirst();
    return List.of(ctx.builder().shardingConstraint(x, sharding.hloSharding(x.type().rank())));
  }

  /** The cotangent gets the same layout. */
  @VjpRule("sharding_constraint")
  public static List<Array> shardingConstraintVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(
        withShardingConstraint(cts.getFirst(), params.get("sharding", NamedSharding.class)));
  }

  /** The batch axis is not split: the spec gets an unsplit dimension there. */
  @BatchRule("sharding_constraint")
  public static Batched shardingConstraintBatch(
      Primitive p, List<Array> in, int[] bdims, Params params) {
    NamedSharding s = params.get("sharding", NamedSharding.class);
    NamedSharding batched = new NamedSharding(s.mesh(), s.spec().withUnsplitDimension(bdims[0]));
    return Batched.of(withShardingConstraint(in.getFirst(), batched), bdims[0]);
  }
}
