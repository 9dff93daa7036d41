package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.NotDifferentiable;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.RngAlgorithm;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code rng_bit_generator}, like JAX's: from a key, uniformly random bits and the next key.
 * Deterministic: the same key, shape, dtype and algorithm give the same bits.
 *
 * <p>The key is {@code uint64[2]} (XLA's state) or {@code uint32[4]} (JAX's key data, read as two
 * little-endian 64-bit words); the new key has the key's type. Parameters: {@code shape}, {@code
 * dtype} (uint8, uint16, uint32 or uint64) and {@code algorithm} ({@link RngAlgorithm}).
 *
 * <p>Unlike JAX, the key may have leading dimensions: a batch of keys, each generating its own
 * {@code shape} of bits exactly as it would alone (so that {@code vmap} over keys equals a loop).
 */
public final class RandomBitsOps {
  private static final Primitive RNG_BIT_GENERATOR = Primitive.of("rng_bit_generator");

  private RandomBitsOps() {}

  /** The new key, then bits of {@code shape} and {@code dtype} (after the key's batch dims). */
  public static List<Array> rngBitGenerator(
      Array key, long[] shape, DType dtype, RngAlgorithm algorithm) {
    return RNG_BIT_GENERATOR.bind(
        Params.of("shape", shape, "dtype", dtype, "algorithm", algorithm), List.of(key));
  }

  /** A {@code uint64[..., 2]} or {@code uint32[..., 4]} key; bits of an unsigned dtype. */
  @AbstractEval("rng_bit_generator")
  @NotDifferentiable("its outputs are random bits")
  public static List<ShapedArray> rngAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray key = in.getFirst();
    long[] shape = params.longs("shape");
    DType dtype = params.dtype("dtype");
    params.get("algorithm", RngAlgorithm.class);
    long words = key.dtype() == DType.U64 ? 2 : key.dtype() == DType.U32 ? 4 : -1;
    if (key.rank() < 1 || key.dim(key.rank() - 1) != words) {
      throw new IllegalArgumentException(
          p + ": the key must be uint64[..., 2] or uint32[..., 4], got " + key);
    }
    if (dtype.kind() != DType.Kind.UNSIGNED) {
      throw new IllegalArgumentException(p + ": dtype must be an unsigned integer, got " + dtype);
    }
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            p + ": negative size in shape " + Arrays.toString(shape));
      }
    }
    long[] batch = Arrays.copyOf(key.shape(), key.rank() - 1);
    return List.of(key, new ShapedArray(concat(batch, shape), dtype));
  }

  /**
   * {@code stablehlo.rng_bit_generator} per key (unrolled over a batch of keys), the state bitcast
   * between {@code uint32[4]} and {@code uint64[2]} as needed.
   */
  @Lowering("rng_bit_generator")
  public static List<Value> rngLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value key = in.getFirst();
    long[] shape = params.longs("shape");
    DType dtype = params.dtype("dtype");
    RngAlgorithm algorithm = params.get("algorithm", RngAlgorithm.class);
    long[] keyShape = key.shape();
    long words = keyShape[keyShape.length - 1];
    long[] batch = Arrays.copyOf(keyShape, keyShape.length - 1);
    long count = Shapes.size(batch);
    TensorType bitsType = TensorType.of(dtype, concat(batch, shape));
    if (count == 0) {
      return List.of(key, b.constant(bitsType, new long[0]));
    }
    if (count == 1) {
      Value state = toState(b, b.reshape(key, new long[] {words}));
      List<Value> out = b.rngBitGenerator(algorithm, state, TensorType.of(dtype, shape));
      return List.of(
          b.reshape(fromState(b, out.get(0), key.dtype()), keyShape),
          b.reshape(out.get(1), bitsType.shape()));
    }
    Value rows = b.reshape(key, new long[] {count, words});
    long perKey = Shapes.size(shape);
    List<Value> keys = new ArrayList<>();
    List<Value> bits = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      Value row =
          b.reshape(
              b.slice(rows, new long[] {i, 0}, new long[] {i + 1, words}, new long[] {1, 1}),
              new long[] {words});
      List<Value> out = b.rngBitGenerator(algorithm, toState(b, row), TensorType.of(dtype, shape));
      keys.add(b.reshape(fromState(b, out.get(0), key.dtype()), new long[] {1, words}));
      bits.add(b.reshape(out.get(1), new long[] {1, perKey}));
    }
    return List.of(
        b.reshape(b.concatenate(keys, 0), keyShape),
        b.reshape(b.concatenate(bits, 0), bitsType.shape()));
  }

  /** {@code uint64[2]} from a key row ({@code uint32[4]} pairs bitcast, low word first). */
  private static Value toState(FunctionBuilder b, Value row) {
    if (row.dtype() == DType.U64) {
      return row;
    }
    return b.bitcastConvert(b.reshape(row, new long[] {2, 2}), DType.U64);
  }

  private static Value fromState(FunctionBuilder b, Value state, DType keyType) {
    if (keyType == DType.U64) {
      return state;
    }
    return b.reshape(b.bitcastConvert(state, DType.U32), new long[] {4});
  }

  /** The batch axis goes to the front of the key, where the lowering treats it as a batch. */
  @BatchRule("rng_bit_generator")
  public static Batched rngBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array key = BatchAxes.toFront(in.getFirst(), bdims[0]);
    List<Array> out = p.bind(params, List.of(key));
    return new Batched(out, new int[] {0, 0});
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
