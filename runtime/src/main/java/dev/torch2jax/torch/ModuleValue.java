package dev.torch2jax.torch;

import org.bytedeco.pytorch.JitModule;

/**
 * A submodule as an interpreter value: the libtorch module and its state-dict key prefix ({@code
 * "layer1.0."}), under which its parameters and buffers are read from the call's state dict.
 */
record ModuleValue(JitModule module, String prefix) {}
