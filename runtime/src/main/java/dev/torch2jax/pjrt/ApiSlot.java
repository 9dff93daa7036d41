package dev.torch2jax.pjrt;

/**
 * The {@code PJRT_Api} function-pointer slots this binding calls, with their byte offsets (PJRT C
 * API, LP64). Slots are only ever appended to the struct, so offsets hold for every minor version
 * whose {@code struct_size} reaches them. An optional slot may be missing from a plugin; the
 * binding then does without what it offers. Each slot knows the size of the argument struct its
 * function takes.
 */
enum ApiSlot {
  ERROR_DESTROY(40, Struct.ERROR_DESTROY),
  ERROR_MESSAGE(48, Struct.ERROR_MESSAGE),
  ERROR_GET_CODE(56, Struct.ERROR_GET_CODE),
  PLUGIN_INITIALIZE(64, Struct.PLUGIN_INITIALIZE),
  PLUGIN_ATTRIBUTES(72, Struct.PLUGIN_ATTRIBUTES),
  EVENT_DESTROY(80, Struct.EVENT),
  EVENT_AWAIT(104, Struct.EVENT),
  CLIENT_CREATE(120, Struct.CLIENT_CREATE),
  CLIENT_DESTROY(128, Struct.CLIENT_DESTROY),
  CLIENT_PLATFORM_NAME(136, Struct.CLIENT_STRING),
  CLIENT_PLATFORM_VERSION(152, Struct.CLIENT_STRING),
  CLIENT_ADDRESSABLE_DEVICES(168, Struct.CLIENT_ADDRESSABLE_DEVICES),
  CLIENT_COMPILE(200, Struct.CLIENT_COMPILE),
  CLIENT_BUFFER_FROM_HOST_BUFFER(216, Struct.BUFFER_FROM_HOST),
  DEVICE_DESCRIPTION_ID(224, Struct.DEVICE_DESCRIPTION_ID),
  DEVICE_DESCRIPTION_KIND(248, Struct.DEVICE_DESCRIPTION_STRING),
  DEVICE_DESCRIPTION_DEBUG_STRING(256, Struct.DEVICE_DESCRIPTION_STRING),
  DEVICE_GET_DESCRIPTION(272, Struct.DEVICE_GET_DESCRIPTION),
  EXECUTABLE_DESTROY(360, Struct.DESTROY),
  EXECUTABLE_NUM_OUTPUTS(392, Struct.EXECUTABLE_NUM_OUTPUTS),
  EXECUTABLE_SERIALIZE(432, Struct.EXECUTABLE_SERIALIZE, true),
  LOADED_EXECUTABLE_DESTROY(440, Struct.DESTROY),
  LOADED_EXECUTABLE_GET_EXECUTABLE(448, Struct.LOADED_EXECUTABLE_GET_EXECUTABLE),
  LOADED_EXECUTABLE_ADDRESSABLE_DEVICES(456, Struct.LOADED_EXECUTABLE_ADDRESSABLE_DEVICES),
  LOADED_EXECUTABLE_EXECUTE(480, Struct.EXECUTE),
  EXECUTABLE_DESERIALIZE_AND_LOAD(488, Struct.DESERIALIZE_AND_LOAD, true),
  BUFFER_DESTROY(504, Struct.DESTROY),
  BUFFER_ELEMENT_TYPE(512, Struct.BUFFER_ELEMENT_TYPE),
  BUFFER_DIMENSIONS(520, Struct.BUFFER_DIMENSIONS),
  BUFFER_TO_HOST_BUFFER(600, Struct.BUFFER_TO_HOST);

  final long offset;

  /** The size of the argument struct the function takes ({@link Struct} lists them). */
  final long argsSize;

  final boolean optional;

  ApiSlot(long offset, long argsSize) {
    this(offset, argsSize, false);
  }

  ApiSlot(long offset, long argsSize, boolean optional) {
    this.offset = offset;
    this.argsSize = argsSize;
    this.optional = optional;
  }
}
