package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BufferRoundTripTest {
  private static final PjrtApi API = PjrtApi.load(PluginLocator.locate());

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsBitExact(DType dtype) {
    long[] dims = {3, 5};
    byte[] bytes = new byte[15 * dtype.byteSize()];
    new Random(dtype.ordinal()).nextBytes(bytes);
    if (dtype == DType.BOOL) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] &= 1; // pred holds 0 or 1
      }
    }
    try (PjrtClient client = PjrtClient.create(API);
        Arena arena = Arena.ofConfined();
        PjrtBuffer b =
            client.bufferFromHost(arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), dtype, dims)) {
      assertEquals(dtype, b.dtype());
      assertArrayEquals(dims, b.dims());
      assertArrayEquals(bytes, b.toBytes());
    }
  }

  @Test
  void zeroSizeAndScalarBuffers() {
    try (PjrtClient client = PjrtClient.create(API);
        Arena arena = Arena.ofConfined()) {
      try (PjrtBuffer empty =
          client.bufferFromHost(arena.allocate(0), DType.F32, new long[] {0, 4})) {
        assertArrayEquals(new long[] {0, 4}, empty.dims());
        assertEquals(0, empty.toBytes().length);
      }
      MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 2.5);
      try (PjrtBuffer scalar = client.bufferFromHost(one, DType.F64, new long[0])) {
        assertEquals(0, scalar.dims().length);
        assertEquals(
            2.5, MemorySegment.ofArray(scalar.toBytes()).get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0));
      }
    }
  }

  @Test
  void wrongHostSizeIsRejected() {
    try (PjrtClient client = PjrtClient.create(API);
        Arena arena = Arena.ofConfined()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.bufferFromHost(arena.allocate(8), DType.F32, new long[] {3}));
      assertTrue(e.getMessage().contains("12"), e.getMessage());
    }
  }

  @Test
  void closingTheClientFirstKeepsBuffersAndExecutablesUsable() {
    PjrtClient client = PjrtClient.create(API);
    PjrtExecutable exe;
    PjrtBuffer b;
    try (Arena arena = Arena.ofConfined()) {
      b =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_INT, 1, 2), DType.I32, new long[] {2});
      exe =
          client.compile(
              """
              module @neg {
                func.func public @main(%a: tensor<2xi32>) -> (tensor<2xi32>) {
                  %0 = "stablehlo.negate"(%a) : (tensor<2xi32>) -> tensor<2xi32>
                  "func.return"(%0) : (tensor<2xi32>) -> ()
                }
              }
              """);
    }
    client.close();
    assertThrows(IllegalStateException.class, () -> client.compile("module {}"));
    PjrtBuffer out = exe.execute(b)[0];
    assertArrayEquals(
        new int[] {-1, -2},
        MemorySegment.ofArray(out.toBytes()).toArray(ValueLayout.JAVA_INT_UNALIGNED));
    out.close();
    b.close();
    exe.close();
    exe.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> exe.execute());
  }

  @Test
  void severalArgumentsAndOutputs() {
    try (PjrtClient client = PjrtClient.create(API);
        Arena arena = Arena.ofConfined();
        PjrtExecutable exe =
            client.compile(
                """
                module @two {
                  func.func public @main(%a: tensor<2xf64>, %b: tensor<2xf64>, %c: tensor<2xf64>) -> (tensor<2xf64>, tensor<2xf64>) {
                    %0 = "stablehlo.add"(%a, %b) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
                    %1 = "stablehlo.multiply"(%0, %c) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
                    "func.return"(%0, %1) : (tensor<2xf64>, tensor<2xf64>) -> ()
                  }
                }
                """)) {
      assertEquals(2, exe.numOutputs());
      PjrtBuffer a =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 1, 2), DType.F64, new long[] {2});
      PjrtBuffer b =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 3, 4), DType.F64, new long[] {2});
      PjrtBuffer c =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 10, 100), DType.F64, new long[] {2});
      PjrtBuffer[] out = exe.execute(a, b, c);
      assertArrayEquals(
          new double[] {4, 6},
          MemorySegment.ofArray(out[0].toBytes()).toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED));
      assertArrayEquals(
          new double[] {40, 600},
          MemorySegment.ofArray(out[1].toBytes()).toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED));
    }
  }

  @Test
  void clientWithSeveralCpuDevices() {
    try (PjrtClient client = PjrtClient.create(API, 3)) {
      assertEquals(3, client.devices().size());
      assertEquals("cpu", client.devices().getFirst().kind().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
