package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.TraceStack;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.lax.BatchAxes;
import dev.torch2jax.transform.BatchTrace.BatchTracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Vectorizing map: a function of one example applied to a batch, through batch rules. */
public final class Vmap {
  private Vmap() {}

  /**
   * {@code f} mapped over axis {@code inAxes[i]} of every array in argument i ({@code null}: not
   * mapped); the outputs get the batch axis in front. An empty {@code inAxes} maps axis 0 of every
   * argument.
   */
  public static Fn vmap(Fn f, Integer... inAxes) {
    return args -> {
      Integer[] axes = inAxes.length == 0 ? filled(args.length) : inAxes;
      if (axes.length != args.length) {
        throw new IllegalArgumentException(
            "vmap: "
                + axes.length
                + " in_axes for a call with "
                + args.length
                + " arguments; give one axis (or null) per argument");
      }
      List<TreeDef.Flat> flats = new ArrayList<>();
      long size = -1;
      String first = null;
      for (int i = 0; i < args.length; i++) {
        TreeDef.Flat flat = TreeDef.flatten(args[i]);
        flats.add(flat);
        if (axes[i] == null) {
          continue;
        }
        for (Array leaf : flat.leaves()) {
          int axis = normalize(axes[i], leaf, i);
          long n = leaf.shape()[axis];
          String here =
              "argument " + i + " (" + describe(leaf) + ") has size " + n + " at axis " + axes[i];
          if (size >= 0 && n != size) {
            throw new IllegalArgumentException(
                "vmap: mapped axes differ in size: " + first + ", but " + here);
          }
          size = n;
          first = here;
        }
      }
      if (size < 0) {
        throw new IllegalArgumentException(
            "vmap: no argument is mapped (every in_axis is null or the arguments hold no arrays)");
      }
      TreeDef.Flat out;
      BatchTrace trace;
      try (TraceStack.Pushed<BatchTrace> pushed = TraceStack.push(BatchTrace::new, false)) {
        trace = pushed.trace();
        Object[] wrapped = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
          List<Array> leaves = new ArrayList<>();
          for (Array leaf : flats.get(i).leaves()) {
            leaves.add(
                axes[i] == null
                    ? trace.lift(leaf)
                    : new BatchTracer(trace, leaf, normalize(axes[i], leaf, i)));
          }
          wrapped[i] = flats.get(i).def().unflatten(leaves);
        }
        out = TreeDef.flatten(f.apply(wrapped));
      }
      List<Array> results = new ArrayList<>(out.leaves().size());
      for (Array o : out.leaves()) {
        if (o instanceof BatchTracer t && t.trace() == trace) {
          results.add(BatchAxes.materialize(t.value, t.batchDim, size));
        } else {
          results.add(BatchAxes.materialize(o, Batched.NOT_MAPPED, size));
        }
      }
      return out.def().unflatten(results);
    };
  }

  private static Integer[] filled(int n) {
    Integer[] a = new Integer[n];
    Arrays.fill(a, 0);
    return a;
  }

  private static int normalize(int axis, Array leaf, int arg) {
    int rank = leaf.ndim();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          "vmap: in_axis "
              + axis
              + " of argument "
              + arg
              + " is out of range for "
              + describe(leaf));
    }
    return a;
  }

  private static String describe(Array a) {
    return a.dtype().torchName() + Arrays.toString(a.shape());
  }
}
