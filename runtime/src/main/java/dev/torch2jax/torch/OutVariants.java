package dev.torch2jax.torch;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.pytorch.FunctionSchema;
import org.bytedeco.pytorch.Operator;
import org.bytedeco.pytorch.Symbol;
import org.bytedeco.pytorch.global.torch;

/**
 * The functional twin of an {@code .out} overload: the overload of the same op that takes the same
 * arguments without the {@code out=} tensors and returns the result ({@code aten::add.out} to
 * {@code aten::add.Tensor}, {@code aten::atan2.out} to {@code aten::atan2}). libtorch's operator
 * registry supplies the candidate schemas.
 */
final class OutVariants {
  private static final Map<String, Optional<Twin>> TWINS = new ConcurrentHashMap<>();

  private OutVariants() {}

  /**
   * How to call a twin.
   *
   * @param overload the twin, e.g. {@code aten::add.Tensor}
   * @param takes the positions of the {@code .out} overload's arguments it takes, in order
   * @param dtypeAt the position (after {@code takes}) of a {@code ScalarType? dtype} argument that
   *     the {@code .out} overload lacks and that gets the out tensor's dtype ({@code arange.out}
   *     computes in it), or -1
   */
  record Twin(String overload, int[] takes, int dtypeAt) {
    /** The twin's arguments from the {@code .out} overload's {@code in}. */
    List<Object> arguments(List<Object> in, DType outDtype) {
      List<Object> args = new ArrayList<>();
      for (int i : takes) {
        args.add(in.get(i));
      }
      if (dtypeAt >= 0) {
        while (args.size() < dtypeAt) {
          args.add(null);
        }
        args.add(outDtype);
      }
      return args;
    }
  }

  /** The twin of {@code overload} (whose arguments are {@code args}), if libtorch has one. */
  static Optional<Twin> of(String overload, List<SchemaArgument> args) {
    return TWINS.computeIfAbsent(overload, o -> find(o, args));
  }

  private static Optional<Twin> find(String overload, List<SchemaArgument> args) {
    int dot = overload.indexOf('.');
    String name = dot < 0 ? overload : overload.substring(0, dot);
    List<Integer> takes = new ArrayList<>();
    List<SchemaArgument> wanted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (!(args.get(i).mutable() && args.get(i).keywordOnly())) {
        takes.add(i);
        wanted.add(args.get(i));
      }
    }
    int[] positions = takes.stream().mapToInt(Integer::intValue).toArray();
    Twin exact = null;
    List<Twin> withDefaults = new ArrayList<>();
    for (Operator op : torch.getAllOperatorsFor(Symbol.fromQualString(name)).get()) {
      FunctionSchema s = op.schema();
      String ov = s.overload_name() == null ? "" : s.overload_name().getString();
      String candidate = name + (ov.isEmpty() ? "" : "." + ov);
      List<SchemaArgument> theirs = SchemaArgument.parse(torch.toString(s).getString());
      if (candidate.equals(overload)
          || theirs.stream().anyMatch(SchemaArgument::mutable)
          || !sameArguments(wanted, theirs)) {
        continue;
      }
      if (theirs.size() == wanted.size()) {
        exact = new Twin(candidate, positions, -1);
      } else {
        withDefaults.add(new Twin(candidate, positions, dtypeSlot(theirs, wanted.size())));
      }
    }
    if (exact != null) {
      return Optional.of(exact);
    }
    return withDefaults.size() == 1 ? Optional.of(withDefaults.getFirst()) : Optional.empty();
  }

  /**
   * {@code theirs} starts with {@code wanted} (same types and names) and the rest have defaults.
   */
  private static boolean sameArguments(List<SchemaArgument> wanted, List<SchemaArgument> theirs) {
    if (theirs.size() < wanted.size()) {
      return false;
    }
    for (int i = 0; i < theirs.size(); i++) {
      SchemaArgument t = theirs.get(i);
      if (i >= wanted.size()) {
        if (t.defaultValue() == null) {
          return false;
        }
        continue;
      }
      SchemaArgument w = wanted.get(i);
      if (!t.type().equals(w.type())
          || !t.name().equals(w.name())
          || !String.valueOf(t.defaultValue()).equals(String.valueOf(w.defaultValue()))) {
        return false;
      }
    }
    return true;
  }

  /** The position of an extra {@code ScalarType? dtype=None} preceded only by None defaults. */
  private static int dtypeSlot(List<SchemaArgument> theirs, int from) {
    for (int i = from; i < theirs.size(); i++) {
      SchemaArgument t = theirs.get(i);
      if (t.name().equals("dtype") && t.type().equals("ScalarType?")) {
        return i;
      }
      if (!"None".equals(t.defaultValue())) {
        return -1;
      }
    }
    return -1;
  }
}
