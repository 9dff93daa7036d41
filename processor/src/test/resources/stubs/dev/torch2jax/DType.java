package dev.torch2jax;

/** Test stand-in for the runtime's DType. */
public enum DType {
  BOOL,
  I8,
  I16,
  I32,
  I64,
  U8,
  U16,
  U32,
  U64,
  F16,
  BF16,
  F32,
  F64,
  C64,
  C128
}
