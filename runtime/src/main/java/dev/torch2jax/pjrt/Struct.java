package dev.torch2jax.pjrt;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sizes of the PJRT argument structs this binding fills (the newest header's {@code *_STRUCT_SIZE},
 * v0.104), and a zeroed allocation with {@code struct_size} set. Plugins accept a caller size
 * larger than their own, so the newest sizes work with older plugins too.
 */
final class Struct {
  static final long ERROR_DESTROY = 24;
  static final long ERROR_MESSAGE = 40;
  static final long ERROR_GET_CODE = 28;
  static final long PLUGIN_INITIALIZE = 16;
  static final long PLUGIN_ATTRIBUTES = 32;
  static final long NAMED_VALUE = 56;
  static final long EVENT = 24;
  static final long CLIENT_CREATE = 88;
  static final long CLIENT_DESTROY = 24;
  static final long CLIENT_STRING = 40;
  static final long CLIENT_ADDRESSABLE_DEVICES = 40;
  static final long DEVICE_GET_DESCRIPTION = 32;
  static final long DEVICE_DESCRIPTION_ID = 28;
  static final long DEVICE_DESCRIPTION_STRING = 40;
  static final long PROGRAM = 48;
  static final long CLIENT_COMPILE = 56;
  static final long LOADED_EXECUTABLE_GET_EXECUTABLE = 32;
  static final long EXECUTABLE_NUM_OUTPUTS = 32;

  /** Through {@code serialized_executable_deleter} @48 (unchanged since v0.60). */
  static final long EXECUTABLE_SERIALIZE = 56;

  /**
   * Through {@code overridden_serialized_compile_options_size} @56, which later headers append
   * after {@code loaded_executable} @40 (NULL and 0 here: keep the serialized options); older
   * plugins read up to {@code loaded_executable} only. {@link #DESERIALIZE_AND_LOAD_ALLOCATION}
   * zeroes a further field a newer plugin may read.
   */
  static final long DESERIALIZE_AND_LOAD = 64;

  static final long DESERIALIZE_AND_LOAD_ALLOCATION = 72;
  static final long DESTROY = 24;
  static final long BUFFER_FROM_HOST = 120;
  static final long EXECUTE_OPTIONS = 120;
  static final long EXECUTE = 80;
  static final long LOADED_EXECUTABLE_ADDRESSABLE_DEVICES = 40;
  static final long BUFFER_ELEMENT_TYPE = 28;
  static final long BUFFER_DIMENSIONS = 40;
  static final long BUFFER_TO_HOST = 56;

  private Struct() {}

  /** A zeroed argument struct for {@code slot}'s function, its size set. */
  static MemorySegment allocate(Arena arena, ApiSlot slot) {
    return allocate(arena, slot.argsSize);
  }

  /** A zeroed struct of {@code size} bytes (rounded up to 8) whose first field is its size. */
  static MemorySegment allocate(Arena arena, long size) {
    return allocate(arena, size, size);
  }

  /**
   * A zeroed allocation of {@code bytes} whose first field, {@code struct_size}, says {@code size}.
   */
  static MemorySegment allocate(Arena arena, long size, long bytes) {
    MemorySegment s = arena.allocate((Math.max(size, bytes) + 7) & ~7L, 8);
    s.set(ValueLayout.JAVA_LONG, 0, size);
    return s;
  }
}
