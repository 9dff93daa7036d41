package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts the interpreter's values to the Java parameter types of {@code @Implements} methods, per
 * schema type. Generated dispatch tables call these; each error names the overload, the argument
 * and what was given against what the schema expects.
 *
 * <p>Accepted values: {@code Tensor} an {@link Array}; {@code Scalar} any {@link Number}; {@code
 * int} a {@code Long}, {@code Integer}, {@code Short} or {@code Byte}; {@code int[]} a {@code
 * long[]}, {@code int[]} or {@code List} of integers, and for {@code int[N]} also a single integer,
 * repeated N times as PyTorch does; {@code float} any {@code Number}; {@code bool} a {@code
 * Boolean}; {@code ScalarType} a {@link DType} or PyTorch's {@code ScalarType} integer code; {@code
 * str} a {@code String}; {@code Device} null or {@code "cpu"}; {@code Layout} null, {@code
 * "strided"} or 0; {@code MemoryFormat} null, {@code contiguous_format} (0) or {@code
 * preserve_format} (1); {@code Generator} null. None is null.
 */
public final class Args {
  private Args() {}

  /**
   * Checks the argument count: at least {@code required} (those without defaults), at most {@code
   * total}.
   */
  public static void checkArity(String op, List<Object> args, int required, int total) {
    if (args == null) {
      throw new OpArgumentException(op, null, "no argument list");
    }
    if (args.size() < required || args.size() > total) {
      String want = required == total ? String.valueOf(total) : required + " to " + total;
      throw new OpArgumentException(
          op, null, "expected " + want + " arguments, got " + args.size());
    }
  }

  /** The argument at {@code index}, or the schema default when the list is shorter. */
  public static Object orDefault(List<Object> args, int index, Object schemaDefault) {
    return index < args.size() ? args.get(index) : schemaDefault;
  }

  // ------------------------------------------------------------------------------- tensors

  /** {@code Tensor}: a non-null {@link Array}. */
  public static Array tensor(String op, String arg, Object v) {
    if (v instanceof Array a) {
      return a;
    }
    throw mismatch(op, arg, "Tensor (an Array)", v);
  }

  /** {@code Tensor?}: an {@link Array} or null. */
  public static Array optionalTensor(String op, String arg, Object v) {
    return v == null ? null : tensor(op, arg, v);
  }

  /** {@code Tensor[]}: a list or array of non-null {@link Array}s. */
  public static List<Array> tensorList(String op, String arg, Object v) {
    return arrays(op, arg, v, false);
  }

  /** {@code Tensor?[]}: a list or array of {@link Array}s, elements may be null. */
  public static List<Array> optionalTensorList(String op, String arg, Object v) {
    return arrays(op, arg, v, true);
  }

  private static List<Array> arrays(String op, String arg, Object v, boolean nullable) {
    List<?> items = listOf(v);
    String want =
        nullable ? "Tensor?[] (a list of Arrays or nulls)" : "Tensor[] (a list of Arrays)";
    if (items == null) {
      throw mismatch(op, arg, want, v);
    }
    List<Array> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item instanceof Array a) {
        out.add(a);
      } else if (item == null && nullable) {
        out.add(null);
      } else {
        throw mismatch(op, arg, want + ", element " + i + " an Array", item);
      }
    }
    return Collections.unmodifiableList(out);
  }

  // ------------------------------------------------------------------------------- scalars

  /** {@code Scalar}: any {@link Number}. */
  public static Number scalar(String op, String arg, Object v) {
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Boolean) {
      throw mismatch(op, arg, "Scalar (a Number; bool scalars are not supported yet)", v);
    }
    throw mismatch(op, arg, "Scalar (a Number)", v);
  }

  /** {@code Scalar?}: a {@link Number} or null. */
  public static Number optionalScalar(String op, String arg, Object v) {
    return v == null ? null : scalar(op, arg, v);
  }

  /** {@code Scalar[]}: a list of {@link Number}s. */
  public static List<Number> scalarList(String op, String arg, Object v) {
    List<?> items = listOf(v);
    if (items == null) {
      throw mismatch(op, arg, "Scalar[] (a list of Numbers)", v);
    }
    List<Number> out = new ArrayList<>(items.size());
    for (Object item : items) {
      out.add(scalar(op, arg, item));
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code int} and {@code SymInt}: an integral {@link Number} (Long, Integer, Short, Byte). */
  public static long int64(String op, String arg, Object v) {
    if (isIntegral(v)) {
      return ((Number) v).longValue();
    }
    throw mismatch(op, arg, "int (a Long)", v);
  }

  /** {@code int?}: an integral number or null. */
  public static Long optionalInt64(String op, String arg, Object v) {
    return v == null ? null : int64(op, arg, v);
  }

  /**
   * {@code int[]}, {@code int[N]}, {@code SymInt[]}: a {@code long[]}, {@code int[]} or list of
   * integral numbers; for {@code int[N]} ({@code size > 0}) a single integer is repeated {@code
   * size} times. Lengths are not checked: ops check them, as PyTorch kernels do.
   */
  public static long[] int64List(String op, String arg, Object v, int size) {
    if (v instanceof long[] a) {
      return a.clone();
    }
    if (v instanceof int[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    String want =
        size > 0 ? "int[" + size + "] (a list of Longs, or one Long)" : "int[] (a list of Longs)";
    if (size > 0 && isIntegral(v)) {
      long[] out = new long[size];
      java.util.Arrays.fill(out, ((Number) v).longValue());
      return out;
    }
    List<?> items = listOf(v);
    if (items == null) {
      throw mismatch(op, arg, want, v);
    }
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      Object item = items.get(i);
      if (!isIntegral(item)) {
        throw mismatch(op, arg, want + ", element " + i + " a Long", item);
      }
      out[i] = ((Number) item).longValue();
    }
    return out;
  }

  /** {@code int[]?}: as {@link #int64List}, or null. */
  public static long[] optionalInt64List(String op, String arg, Object v, int size) {
    return v == null ? null : int64List(op, arg, v, size);
  }

  /** {@code float}: any {@link Number} (TorchScript passes ints where floats are expected). */
  public static double float64(String op, String arg, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw mismatch(op, arg, "float (a Double)", v);
  }

  /** {@code float?}: a {@link Number} or null. */
  public static Double optionalFloat64(String op, String arg, Object v) {
    return v == null ? null : float64(op, arg, v);
  }

  /** {@code float[]}: a {@code double[]} or a list of {@link Number}s. */
  public static double[] float64List(String op, String arg, Object v) {
    if (v instanceof double[] a) {
      return a.clone();
    }
    List<?> items = listOf(v);
    if (items == null) {
      throw mismatch(op, arg, "float[] (a list of Doubles)", v);
    }
    double[] out = new double[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = float64(op, arg, items.get(i));
    }
    return out;
  }

  /** {@code float[]?}: as {@link #float64List}, or null. */
  public static double[] optionalFloat64List(String op, String arg, Object v) {
    return v == null ? null : float64List(op, arg, v);
  }

  /** {@code bool}: a {@link Boolean}. */
  public static boolean bool(String op, String arg, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw mismatch(op, arg, "bool (a Boolean)", v);
  }

  /** {@code bool?}: a {@link Boolean} or null. */
  public static Boolean optionalBool(String op, String arg, Object v) {
    return v == null ? null : bool(op, arg, v);
  }

  /** {@code bool[N]}: a {@code boolean[]} or list of {@link Boolean}s; one Boolean repeats. */
  public static boolean[] boolList(String op, String arg, Object v, int size) {
    if (v instanceof boolean[] a) {
      return a.clone();
    }
    if (size > 0 && v instanceof Boolean b) {
      boolean[] out = new boolean[size];
      java.util.Arrays.fill(out, b);
      return out;
    }
    List<?> items = listOf(v);
    if (items == null) {
      throw mismatch(op, arg, "bool[] (a list of Booleans)", v);
    }
    boolean[] out = new boolean[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bool(op, arg, items.get(i));
    }
    return out;
  }

  // ------------------------------------------------------------------------------- strings

  /** {@code str}: a {@link String}. */
  public static String str(String op, String arg, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw mismatch(op, arg, "str (a String)", v);
  }

  /** {@code str?}: a {@link String} or null. */
  public static String optionalStr(String op, String arg, Object v) {
    return v == null ? null : str(op, arg, v);
  }

  /** {@code str[]}: a list of {@link String}s. */
  public static List<String> strList(String op, String arg, Object v) {
    List<?> items = listOf(v);
    if (items == null) {
      throw mismatch(op, arg, "str[] (a list of Strings)", v);
    }
    List<String> out = new ArrayList<>(items.size());
    for (Object item : items) {
      out.add(str(op, arg, item));
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code str[]?}: as {@link #strList}, or null. */
  public static List<String> optionalStrList(String op, String arg, Object v) {
    return v == null ? null : strList(op, arg, v);
  }

  // ---------------------------------------------------------------------- dtype and friends

  /** {@code ScalarType}: a {@link DType} or PyTorch's {@code ScalarType} integer code. */
  public static DType scalarType(String op, String arg, Object v) {
    if (v instanceof DType d) {
      return d;
    }
    if (isIntegral(v)) {
      DType d = fromScalarTypeCode(((Number) v).longValue());
      if (d != null) {
        return d;
      }
      throw mismatch(op, arg, "ScalarType (a DType; code " + v + " has no torch2jax DType)", v);
    }
    throw mismatch(op, arg, "ScalarType (a DType or a torch ScalarType code)", v);
  }

  /** {@code ScalarType?}: as {@link #scalarType}, or null. */
  public static DType optionalScalarType(String op, String arg, Object v) {
    return v == null ? null : scalarType(op, arg, v);
  }

  /**
   * The {@link DType} of PyTorch's {@code c10::ScalarType} code (0 uint8, 1 int8, 2 int16, 3 int32,
   * 4 int64, 5 float16, 6 float32, 7 float64, 9 complex64, 10 complex128, 11 bool, 15 bfloat16,
   * 27-29 uint16-64), or null for the codes torch2jax has no type for (complex32, quantized,
   * float8, ...).
   */
  public static DType fromScalarTypeCode(long code) {
    return switch ((int) code) {
      case 0 -> DType.U8;
      case 1 -> DType.I8;
      case 2 -> DType.I16;
      case 3 -> DType.I32;
      case 4 -> DType.I64;
      case 5 -> DType.F16;
      case 6 -> DType.F32;
      case 7 -> DType.F64;
      case 9 -> DType.C64;
      case 10 -> DType.C128;
      case 11 -> DType.BOOL;
      case 15 -> DType.BF16;
      case 27 -> DType.U16;
      case 28 -> DType.U32;
      case 29 -> DType.U64;
      default -> null;
    };
  }

  /** {@code Device?}: null (the default device) or {@code "cpu"}; returned unchanged. */
  public static Object device(String op, String arg, Object v) {
    if (v == null) {
      return null;
    }
    String s = String.valueOf(v);
    if (s.equals("cpu") || s.equals("cpu:0")) {
      return v;
    }
    throw mismatch(op, arg, "Device (only None or \"cpu\": torch2jax places arrays itself)", v);
  }

  /** {@code Layout?}: null, {@code "strided"} / {@code torch.strided} or its code 0. */
  public static Object layout(String op, String arg, Object v) {
    if (v == null
        || isIntegral(v) && ((Number) v).longValue() == 0
        || v instanceof String s && (s.equals("strided") || s.equals("torch.strided"))) {
      return v;
    }
    throw mismatch(op, arg, "Layout (only None or torch.strided)", v);
  }

  /**
   * {@code MemoryFormat?}: null, {@code contiguous_format} (code 0) or {@code preserve_format}
   * (code 1); XLA arrays have no strides, so both mean the same.
   */
  public static Object memoryFormat(String op, String arg, Object v) {
    if (v == null
        || isIntegral(v) && (((Number) v).longValue() == 0 || ((Number) v).longValue() == 1)) {
      return v;
    }
    if (v instanceof String s) {
      String bare = s.startsWith("torch.") ? s.substring("torch.".length()) : s;
      if (bare.equals("contiguous_format") || bare.equals("preserve_format")) {
        return v;
      }
    }
    throw mismatch(
        op, arg, "MemoryFormat (only None, torch.contiguous_format or torch.preserve_format)", v);
  }

  /** {@code Generator?}: only null; random ops take explicit keys in torch2jax. */
  public static Object generator(String op, String arg, Object v) {
    if (v == null) {
      return null;
    }
    throw mismatch(
        op,
        arg,
        "Generator (only None: randomness comes from the key set with RandomState.withKey)",
        v);
  }

  // ------------------------------------------------------------------------------- helpers

  private static boolean isIntegral(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  private static List<?> listOf(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Object[] a) {
      return java.util.Arrays.asList(a);
    }
    return null;
  }

  private static OpArgumentException mismatch(String op, String arg, String expected, Object v) {
    return new OpArgumentException(op, arg, "expected " + expected + ", got " + describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "None (null)";
    }
    String text;
    if (v instanceof Array a) {
      text = "Array " + a.dtype() + java.util.Arrays.toString(a.shape());
    } else if (v instanceof long[] a) {
      text = java.util.Arrays.toString(a);
    } else if (v instanceof String s) {
      text = "\"" + s + "\"";
    } else {
      text = String.valueOf(v);
      if (text.length() > 60) {
        text = text.substring(0, 57) + "...";
      }
    }
    return v.getClass().getSimpleName() + " " + text;
  }
}
