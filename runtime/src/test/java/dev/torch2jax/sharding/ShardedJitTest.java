package dev.torch2jax.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.JitShardings;
import dev.torch2jax.Jnp;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.PartitionSpec;
import dev.torch2jax.core.ShardedArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedJitTest {
  private static final Mesh MESH4 = FourDevices.mesh(new int[] {4}, "data");
  private static final NamedSharding BATCH = new NamedSharding(MESH4, PartitionSpec.of("data"));
  private static final NamedSharding REPLICATED = NamedSharding.replicated(MESH4);

  private static float[] ramp(int n, float scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) Math.sin(0.37 * i + 0.1) * scale;
    }
    return out;
  }

  /** A squared-error loss of a linear model: batch rows times weights. */
  private static Array loss(Array w, Array x, Array y) {
    Array err = Jnp.subtract(Jnp.matmul(x, w), y);
    return Jnp.mean(Jnp.square(err));
  }

  @Test
  void dataParallelGradientEqualsOneDevice() {
    Array w = Array.of(ramp(12, 0.5f), 4, 3);
    Array x = Array.of(ramp(32, 1f), 8, 4);
    Array y = Array.of(ramp(24, 2f), 8, 3);
    Fn valueAndGrad =
        Jax.valueAndGrad(args -> loss((Array) args[0], (Array) args[1], (Array) args[2]));
    List<?> expected = (List<?>) Jax.jit(valueAndGrad).apply(w, x, y);

    Fn sharded = Jax.jit(valueAndGrad, JitShardings.in(REPLICATED, BATCH, BATCH));
    List<?> got = (List<?>) sharded.apply(w, Jax.devicePut(x, BATCH), y);

    ShardedArray grad = assertInstanceOf(ShardedArray.class, got.get(1));
    assertEquals(REPLICATED, grad.sharding());
    assertEquals(4, grad.shards().size());
    assertArrayEquals(new long[] {4, 3}, grad.shards().get(3).dims());
    assertEquals(((Array) expected.get(0)).item(), ((Array) got.get(0)).item(), 1e-5);
    assertArrayEquals(((Array) expected.get(1)).toFloatArray(), grad.toFloatArray(), 1e-5f);
  }

  @Test
  void modelParallelMlpEqualsOneDeviceAndKeepsOutputSharding() {
    Mesh mesh = FourDevices.mesh(new int[] {2, 2}, "data", "model");
    NamedSharding rows = new NamedSharding(mesh, PartitionSpec.of("data"));
    NamedSharding columns = new NamedSharding(mesh, PartitionSpec.of(null, "model"));
    NamedSharding weightRows = new NamedSharding(mesh, PartitionSpec.of("model"));
    Fn mlp =
        args -> {
          Array h = Jnp.tanh(Jnp.matmul((Array) args[0], (Array) args[1]));
          h =
              Jax.withShardingConstraint(
                  h, new NamedSharding(mesh, PartitionSpec.of("data", "model")));
          return Jnp.matmul(h, (Array) args[2]);
        };
    Array x = Array.of(ramp(24, 1f), 4, 6);
    Array w1 = Array.of(ramp(48, 0.3f), 6, 8);
    Array w2 = Array.of(ramp(40, 0.2f), 8, 5);
    float[] expected = ((Array) Jax.jit(mlp).apply(x, w1, w2)).toFloatArray();

    Fn sharded = Jax.jit(mlp, JitShardings.in(rows, columns, weightRows).out(rows));
    ShardedArray out = assertInstanceOf(ShardedArray.class, sharded.apply(x, w1, w2));
    assertEquals(rows, out.sharding());
    assertArrayEquals(new long[] {2, 5}, out.shards().get(0).dims());
    assertArrayEquals(expected, out.toFloatArray(), 1e-5f);
  }

  @Test
  void shardingsFollowShardedArgumentsAndCompileOnce() {
    Fn twice = args -> Jnp.multiply((Array) args[0], Jnp.scalarOf(2, dev.torch2jax.DType.F32));
    Fn f = Jax.jit(twice, JitShardings.in().out(BATCH));
    Array x = Jax.devicePut(Array.of(ramp(8, 1f), 8), BATCH);
    ShardedArray a = assertInstanceOf(ShardedArray.class, f.apply(x));
    ShardedArray b = assertInstanceOf(ShardedArray.class, f.apply(a));
    float[] in = x.toFloatArray();
    float[] out = b.toFloatArray();
    for (int i = 0; i < in.length; i++) {
      assertEquals(4 * in[i], out[i], 1e-6f);
    }
    assertEquals(1, ((dev.torch2jax.transform.ShardedJit) f).compileCount());
  }

  @Test
  void constraintWorksUnderGradAndVmap() {
    Fn loss =
        args -> Jnp.sum(Jnp.square(Jax.withShardingConstraint(Jnp.tanh((Array) args[0]), BATCH)));
    Array x = Array.of(ramp(8, 1f), 8);
    float[] expected = ((Array) Jax.grad(loss).apply(x)).toFloatArray();
    Fn grad = Jax.jit(Jax.grad(loss), JitShardings.in(BATCH).out(BATCH));
    assertArrayEquals(expected, ((Array) grad.apply(x)).toFloatArray(), 1e-6f);

    Array xs = Array.of(ramp(16, 1f), 2, 8);
    float[] perRow = ((Array) Jax.jit(Jax.vmap(loss)).apply(xs)).toFloatArray();
    Fn batched = Jax.jit(Jax.vmap(loss), JitShardings.in(REPLICATED));
    assertArrayEquals(perRow, ((Array) batched.apply(xs)).toFloatArray(), 1e-5f);
  }

  @Test
  void eagerOpsOnShardedArraysGatherThem() {
    Array x = Jax.devicePut(Array.of(new float[] {1, 2, 3, 4}, 4), BATCH);
    assertArrayEquals(new float[] {2, 3, 4, 5}, Jnp.add(x, Array.scalar(1f)).toFloatArray());
  }

  @Test
  void argumentOnAnotherMeshIsAnError() {
    Mesh two = FourDevices.mesh(new int[] {2}, "data");
    Array x =
        Jax.devicePut(Array.of(ramp(4, 1f), 4), new NamedSharding(two, PartitionSpec.of("data")));
    Fn f = Jax.jit(args -> args[0], JitShardings.in(BATCH));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(x));
    assertTrue(e.getMessage().contains("devicePut"), e.getMessage());
  }

  @Test
  void argumentWithAnotherShardingIsAnError() {
    Array x = Jax.devicePut(Array.of(ramp(8, 1f), 8), REPLICATED);
    Fn f = Jax.jit(args -> args[0], JitShardings.in(BATCH));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(x));
    assertTrue(e.getMessage().contains("in_shardings asks for P('data')"), e.getMessage());
  }

  @Test
  void indivisibleDimensionIsAnError() {
    Fn f = Jax.jit(args -> args[0], JitShardings.in(BATCH));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.apply(Array.of(ramp(6, 1f), 6)));
    assertTrue(
        e.getMessage().contains("not divisible by mesh axis 'data' of size 4"), e.getMessage());
  }
}
