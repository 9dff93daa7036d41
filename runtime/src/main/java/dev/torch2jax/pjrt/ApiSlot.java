package dev.torch2jax.pjrt;

/**
 * The {@code PJRT_Api} function-pointer slots this binding calls, with their byte offsets (PJRT C
 * API, LP64). Slots are only ever appended to the struct, so offsets hold for every minor version
 * whose {@code struct_size} reaches them. An optional slot may be missing from a plugin; the
 * binding then does without what it offers.
 */
enum ApiSlot {
  ERROR_DESTROY(40),
  ERROR_MESSAGE(48),
  ERROR_GET_CODE(56),
  PLUGIN_INITIALIZE(64),
  PLUGIN_ATTRIBUTES(72),
  EVENT_DESTROY(80),
  EVENT_AWAIT(104),
  CLIENT_CREATE(120),
  CLIENT_DESTROY(128),
  CLIENT_PLATFORM_NAME(136),
  CLIENT_PLATFORM_VERSION(152),
  CLIENT_ADDRESSABLE_DEVICES(168),
  CLIENT_COMPILE(200),
  CLIENT_BUFFER_FROM_HOST_BUFFER(216),
  DEVICE_DESCRIPTION_ID(224),
  DEVICE_DESCRIPTION_KIND(248),
  DEVICE_DESCRIPTION_DEBUG_STRING(256),
  DEVICE_GET_DESCRIPTION(272),
  EXECUTABLE_DESTROY(360),
  EXECUTABLE_NUM_OUTPUTS(392),
  EXECUTABLE_SERIALIZE(432, true),
  LOADED_EXECUTABLE_DESTROY(440),
  LOADED_EXECUTABLE_GET_EXECUTABLE(448),
  LOADED_EXECUTABLE_ADDRESSABLE_DEVICES(456),
  LOADED_EXECUTABLE_EXECUTE(480),
  EXECUTABLE_DESERIALIZE_AND_LOAD(488, true),
  BUFFER_DESTROY(504),
  BUFFER_ELEMENT_TYPE(512),
  BUFFER_DIMENSIONS(520),
  BUFFER_TO_HOST_BUFFER(600);

  final long offset;
  final boolean optional;

  ApiSlot(long offset) {
    this(offset, false);
  }

  ApiSlot(long offset, boolean optional) {
    this.offset = offset;
    this.optional = optional;
  }
}
