package dev.torch2jax.pjrt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded PJRT plugin: the {@code PJRT_Api} table, checked and initialized once per process.
 *
 * <p>Every call goes through {@link #call}, which turns a returned {@code PJRT_Error} into a {@link
 * PjrtException} and destroys the error.
 */
@SuppressWarnings("restricted") // this package is the one place that reads raw PJRT pointers
public final class PjrtApi {
  /** The PJRT C API major version this binding speaks. */
  public static final int SUPPORTED_MAJOR = 0;

  private static final long VERSION_MAJOR_OFFSET = 32;
  private static final long VERSION_MINOR_OFFSET = 36;
  private static final long FIRST_SLOT = 40;
  private static final Map<Path, PjrtApi> LOADED = new ConcurrentHashMap<>();

  private final Path library;
  private final int major;
  private final int minor;
  private final Map<ApiSlot, MethodHandle> handles = new EnumMap<>(ApiSlot.class);
  private final MethodHandle errorDestroy;
  private final MethodHandle errorMessage;
  private final Map<String, Object> attributes;

  private PjrtApi(Path library, MemorySegment api) {
    this.library = library;
    long structSize = api.get(JAVA_LONG, 0);
    this.major = api.get(JAVA_INT, VERSION_MAJOR_OFFSET);
    this.minor = api.get(JAVA_INT, VERSION_MINOR_OFFSET);
    if (major != SUPPORTED_MAJOR) {
      throw new IllegalStateException(
          "PJRT plugin "
              + library
              + " speaks PJRT C API "
              + major
              + "."
              + minor
              + "; torch2jax needs major version "
              + SUPPORTED_MAJOR);
    }
    Linker linker = Linker.nativeLinker();
    FunctionDescriptor call = FunctionDescriptor.of(ADDRESS, ADDRESS);
    for (ApiSlot slot : ApiSlot.values()) {
      MemorySegment fn =
          slot.offset + 8 > structSize ? MemorySegment.NULL : api.get(ADDRESS, slot.offset);
      if (fn.equals(MemorySegment.NULL)) {
        if (slot.optional) {
          continue;
        }
        throw new IllegalStateException(
            "PJRT plugin %s (API %d.%d, struct_size %d) lacks %s at offset %d"
                .formatted(library, major, minor, structSize, slot, slot.offset));
      }
      FunctionDescriptor d =
          slot == ApiSlot.ERROR_DESTROY || slot == ApiSlot.ERROR_MESSAGE
              ? FunctionDescriptor.ofVoid(ADDRESS)
              : call;
      handles.put(slot, linker.downcallHandle(fn, d));
    }
    this.errorDestroy = handles.get(ApiSlot.ERROR_DESTROY);
    this.errorMessage = handles.get(ApiSlot.ERROR_MESSAGE);
    try (Arena arena = Arena.ofConfined()) {
      call(ApiSlot.PLUGIN_INITIALIZE, Struct.allocate(arena, ApiSlot.PLUGIN_INITIALIZE));
    }
    this.attributes = Collections.unmodifiableMap(readAttributes());
  }

  /** Loads the plugin at {@code library} (once per process) and initializes it. */
  public static PjrtApi load(Path library) {
    return LOADED.computeIfAbsent(library.toAbsolutePath().normalize(), PjrtApi::open);
  }

  private static PjrtApi open(Path library) {
    SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
    MemorySegment getApi =
        lookup
            .find("GetPjrtApi")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        library + " does not export GetPjrtApi: it is not a PJRT plugin"));
    MethodHandle h = Linker.nativeLinker().downcallHandle(getApi, FunctionDescriptor.of(ADDRESS));
    MemorySegment api;
    try {
      api = (MemorySegment) h.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("GetPjrtApi of " + library + " failed", t);
    }
    if (api.equals(MemorySegment.NULL)) {
      throw new IllegalStateException("GetPjrtApi of " + library + " returned NULL");
    }
    long size = api.reinterpret(8).get(JAVA_LONG, 0);
    return new PjrtApi(library, api.reinterpret(Math.max(size, FIRST_SLOT)));
  }

  /** The plugin's shared library. */
  public Path library() {
    return library;
  }

  /** The plugin's PJRT C API version, e.g. {@code "0.81"}. */
  public String apiVersion() {
    return major + "." + minor;
  }

  /**
   * The plugin attributes ({@code PJRT_Plugin_Attributes}): strings, longs, {@code long[]}, floats
   * and booleans by name, e.g. {@code stablehlo_current_version}.
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * The newest StableHLO version the plugin reads, as "major.minor.patch", or empty when it does
   * not say.
   */
  public String stablehloVersion() {
    return attributes.get("stablehlo_current_version") instanceof long[] v
        ? String.join(".", java.util.Arrays.stream(v).mapToObj(Long::toString).toList())
        : "";
  }

  /** True when the plugin provides {@code slot} (always so for a slot that is not optional). */
  boolean supports(ApiSlot slot) {
    return handles.containsKey(slot);
  }

  /** Calls {@code slot} with {@code args}; a returned error becomes a {@link PjrtException}. */
  void call(ApiSlot slot, MemorySegment args) {
    MethodHandle handle = handles.get(slot);
    if (handle == null) {
      throw new UnsupportedOperationException(
          "PJRT plugin %s (API %s) does not provide %s".formatted(library, apiVersion(), slot));
    }
    MemorySegment error;
    try {
      error = (MemorySegment) handle.invokeExact(args);
    } catch (Throwable t) {
      throw new IllegalStateException("native call " + slot + " failed", t);
    }
    if (!error.equals(MemorySegment.NULL)) {
      throw toException(slot, error);
    }
  }

  /**
   * Calls a {@code void (*)(T*)} function pointer the plugin handed out (e.g. the deleter of a
   * serialized executable) on {@code object}.
   */
  void callDeleter(MemorySegment deleter, MemorySegment object) {
    MethodHandle h =
        Linker.nativeLinker().downcallHandle(deleter, FunctionDescriptor.ofVoid(ADDRESS));
    try {
      h.invokeExact(object);
    } catch (Throwable t) {
      throw new IllegalStateException("native deleter call failed", t);
    }
  }

  /** Waits for {@code event}, destroys it, and throws if it completed with an error. */
  void awaitAndDestroy(MemorySegment event) {
    if (event.equals(MemorySegment.NULL)) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = Struct.allocate(arena, ApiSlot.EVENT_AWAIT);
      args.set(ADDRESS, 16, event);
      try {
        call(ApiSlot.EVENT_AWAIT, args);
      } finally {
        call(ApiSlot.EVENT_DESTROY, args);
      }
    }
  }

  /** Destroys a handle with a {@code {struct_size, ext, handle}} destroy call. */
  void destroy(ApiSlot slot, long handle) {
    try (Arena arena = Arena.ofConfined()) {
      callOn(arena, slot, handle);
    }
  }

  /**
   * Calls {@code slot} on the object {@code handle}: most argument structs take it as their first
   * field after {@code struct_size} and {@code extension_start}. Returns the struct, from which the
   * caller reads the outputs.
   */
  MemorySegment callOn(Arena arena, ApiSlot slot, long handle) {
    MemorySegment args = Struct.allocate(arena, slot);
    args.set(JAVA_LONG, 16, handle);
    call(slot, args);
    return args;
  }

  /**
   * The {@code long}s of an output array whose address the struct {@code args} holds at {@code
   * offset} and whose length it holds right after, at {@code offset + 8}.
   */
  static long[] longs(MemorySegment args, long offset) {
    long n = args.get(JAVA_LONG, offset + 8);
    return n == 0 ? new long[0] : args.get(ADDRESS, offset).reinterpret(n * 8).toArray(JAVA_LONG);
  }

  private PjrtException toException(ApiSlot slot, MemorySegment error) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment msgArgs = Struct.allocate(arena, ApiSlot.ERROR_MESSAGE);
      msgArgs.set(ADDRESS, 16, error);
      errorMessage.invokeExact(msgArgs);
      long size = msgArgs.get(JAVA_LONG, 32);
      MemorySegment text = msgArgs.get(ADDRESS, 24).reinterpret(size);
      String message =
          new String(text.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);

      MemorySegment codeArgs = Struct.allocate(arena, ApiSlot.ERROR_GET_CODE);
      codeArgs.set(ADDRESS, 16, error);
      MemorySegment codeError =
          (MemorySegment) handles.get(ApiSlot.ERROR_GET_CODE).invokeExact(codeArgs);
      int code = codeError.equals(MemorySegment.NULL) ? codeArgs.get(JAVA_INT, 24) : 2;

      MemorySegment destroyArgs = Struct.allocate(arena, ApiSlot.ERROR_DESTROY);
      destroyArgs.set(ADDRESS, 16, error);
      errorDestroy.invokeExact(destroyArgs);
      return new PjrtException(name(slot), code, message);
    } catch (Throwable t) {
      throw new IllegalStateException("reading the PJRT error of " + slot + " failed", t);
    }
  }

  private static String name(ApiSlot slot) {
    StringBuilder b = new StringBuilder("PJRT");
    for (String part : slot.name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return b.toString();
  }

  private Map<String, Object> readAttributes() {
    Map<String, Object> out = new LinkedHashMap<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = Struct.allocate(arena, ApiSlot.PLUGIN_ATTRIBUTES);
      call(ApiSlot.PLUGIN_ATTRIBUTES, args);
      long n = args.get(JAVA_LONG, 24);
      MemorySegment values = args.get(ADDRESS, 16).reinterpret(n * Struct.NAMED_VALUE);
      for (long i = 0; i < n; i++) {
        MemorySegment v = values.asSlice(i * Struct.NAMED_VALUE, Struct.NAMED_VALUE);
        out.put(NamedValues.name(v), NamedValues.value(v));
      }
    }
    return out;
  }

  /** Reads and writes {@code PJRT_NamedValue} structs. */
  static final class NamedValues {
    static final int STRING = 0;
    static final int INT64 = 1;
    static final int INT64_LIST = 2;
    static final int FLOAT = 3;
    static final int BOOL = 4;

    private NamedValues() {}

    static String name(MemorySegment v) {
      return string(v.get(ADDRESS, 16), v.get(JAVA_LONG, 24));
    }

    static Object value(MemorySegment v) {
      int type = v.get(JAVA_INT, 32);
      long size = v.get(JAVA_LONG, 48);
      return switch (type) {
        case STRING -> string(v.get(ADDRESS, 40), size);
        case INT64 -> v.get(JAVA_LONG, 40);
        case INT64_LIST -> v.get(ADDRESS, 40).reinterpret(size * 8).toArray(JAVA_LONG);
        case FLOAT -> v.get(JAVA_FLOAT, 40);
        case BOOL -> v.get(JAVA_BOOLEAN, 40);
        default -> "<unknown named-value type " + type + ">";
      };
    }

    /** Fills {@code v} as an int64 option named {@code name}. */
    static void setLong(Arena arena, MemorySegment v, String name, long value) {
      set(arena, v, name, value);
    }

    /**
     * Fills {@code v} as an option named {@code name}: a {@code Long} or {@code Integer} is an
     * int64, a {@code long[]} an int64 list, a {@code Float} or {@code Double} a float, a {@code
     * Boolean} a bool and a {@code String} a string.
     *
     * @throws IllegalArgumentException for a value of another type
     */
    static void set(Arena arena, MemorySegment v, String name, Object value) {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      v.set(JAVA_LONG, 0, Struct.NAMED_VALUE);
      v.set(ADDRESS, 16, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, nameBytes));
      v.set(JAVA_LONG, 24, nameBytes.length);
      long size = 1;
      switch (value) {
        case Long l -> putType(v, INT64).set(JAVA_LONG, 40, l);
        case Integer i -> putType(v, INT64).set(JAVA_LONG, 40, i.longValue());
        case long[] list -> {
          putType(v, INT64_LIST)
              .set(
                  ADDRESS,
                  40,
                  arena.allocateFrom(JAVA_LONG, list.length == 0 ? new long[1] : list));
          size = list.length;
        }
        case Float f -> putType(v, FLOAT).set(JAVA_FLOAT, 40, f);
        case Double d -> putType(v, FLOAT).set(JAVA_FLOAT, 40, d.floatValue());
        case Boolean b -> putType(v, BOOL).set(JAVA_BOOLEAN, 40, b);
        case String str -> {
          byte[] bytes = str.getBytes(StandardCharsets.UTF_8);
          putType(v, STRING)
              .set(ADDRESS, 40, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes));
          size = bytes.length;
        }
        default ->
            throw new IllegalArgumentException(
                "option %s: expected a Long, Integer, long[], Float, Double, Boolean or String, got %s"
                    .formatted(name, value == null ? "null" : value.getClass().getSimpleName()));
      }
      v.set(JAVA_LONG, 48, size);
    }

    private static MemorySegment putType(MemorySegment v, int type) {
      v.set(JAVA_INT, 32, type);
      return v;
    }

    static String string(MemorySegment ptr, long size) {
      if (ptr.equals(MemorySegment.NULL) || size == 0) {
        return "";
      }
      return new String(
          ptr.reinterpret(size).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
          StandardCharsets.UTF_8);
    }
  }

  @Override
  public String toString() {
    return "PjrtApi[" + library + ", API " + apiVersion() + "]";
  }
}
