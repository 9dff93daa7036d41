package dev.torch2jax.torch;

/** A TorchScript function as an interpreter value: the callee of {@code prim::CallFunction}. */
record FunctionValue(org.bytedeco.pytorch.Function function) {}
