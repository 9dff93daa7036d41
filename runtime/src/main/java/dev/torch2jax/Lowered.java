package dev.torch2jax;

import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.transform.Jit;
import dev.torch2jax.transform.TreeDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A function lowered to StableHLO for one argument signature: exactly the module {@link Jax#jit}
 * compiles for arguments shaped like the example arguments, to hand to any XLA or PJRT runtime.
 *
 * <p>The module's {@code @main} takes, in order:
 *
 * <ol>
 *   <li>the concrete arrays of more than one element the function used without receiving them as
 *       arguments: those it closed over (e.g. a model's parameters captured by a lambda) and those
 *       it made while tracing. They are parameters, not constants in the text, so the module stays
 *       small and weights can change; {@link #constants()} holds their values. Single-element
 *       arrays (a relu's {@code 0}, an epsilon) are {@code stablehlo.constant}s of the text, which
 *       XLA folds;
 *   <li>the arrays of the arguments, flattened depth first, map entries in sorted key order (so a
 *       state dict passed as an argument comes in key order).
 * </ol>
 *
 * Static values among the arguments (numbers, booleans, strings) are part of the program, not
 * parameters. {@code @main} returns the function's output arrays, flattened the same way. {@link
 * #arguments} assembles the whole parameter list for a call.
 */
public final class Lowered {
  private final Jit.Lowering lowering;

  Lowered(Jit.Lowering lowering) {
    this.lowering = lowering;
  }

  /** The StableHLO module (MLIR text, entry function {@code @main}) with its signature's types. */
  public String asText() {
    return lowering.text();
  }

  /** The closed-over values {@code @main} takes before the arguments' arrays. */
  public List<Array> constants() {
    return lowering.constants();
  }

  /**
   * The types of all of {@code @main}'s parameters: constants first, then the arguments' arrays.
   */
  public List<ShapedArray> inputTypes() {
    return lowering.inputs();
  }

  /** The types of {@code @main}'s results. */
  public List<ShapedArray> outputTypes() {
    return lowering.outputs();
  }

  /**
   * The arrays to pass to {@code @main} for a call on {@code args}: the constants, then the arrays
   * of {@code args} flattened as the module expects.
   *
   * @throws IllegalArgumentException when {@code args} differ from the example arguments in
   *     structure, static values, shapes or dtypes
   */
  public List<Array> arguments(Object... args) {
    TreeDef.Flat flat = TreeDef.flatten(Arrays.asList(args));
    List<ShapedArray> types = flat.leaves().stream().map(ShapedArray::of).toList();
    List<ShapedArray> expected = inputTypes().subList(constants().size(), inputTypes().size());
    if (!flat.def().equals(lowering.argsDef()) || !types.equals(expected)) {
      throw new IllegalArgumentException(
          "arguments %s with array types %s do not match the lowered signature %s with %s; lower the function again for these arguments"
              .formatted(flat.def(), types, lowering.argsDef(), expected));
    }
    List<Array> out = new ArrayList<>(constants());
    out.addAll(flat.leaves());
    return out;
  }

  /** The module text. */
  @Override
  public String toString() {
    return asText();
  }
}
