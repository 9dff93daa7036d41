package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PjrtClientTest {
  private static PjrtApi api;
  private static PjrtClient client;

  @BeforeAll
  static void open() {
    api = PjrtApi.load(PluginLocator.locate());
    client = PjrtClient.create(api);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void reportsVersionAttributesAndDevices() {
    assertTrue(api.apiVersion().startsWith("0."), api.apiVersion());
    assertFalse(api.stablehloVersion().isEmpty(), api.attributes().toString());
    assertEquals("cpu", client.platformName());
    assertFalse(client.devices().isEmpty());
  }

  @Test
  void addsTwoVectors() {
    String program =
        """
        module @add {
          func.func public @main(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>) {
            %0 = "stablehlo.add"(%a, %b) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
            "func.return"(%0) : (tensor<3xf32>) -> ()
          }
        }
        """;
    try (PjrtExecutable exe = client.compile(program);
        Arena arena = Arena.ofConfined()) {
      PjrtBuffer a =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3), DType.F32, new long[] {3});
      PjrtBuffer b =
          client.bufferFromHost(
              arena.allocateFrom(ValueLayout.JAVA_FLOAT, 10, 20, 30), DType.F32, new long[] {3});
      PjrtBuffer[] out = exe.execute(a, b);
      assertEquals(1, out.length);
      assertEquals(DType.F32, out[0].dtype());
      assertArrayEquals(new long[] {3}, out[0].dims());
      MemorySegment host = arena.allocate(12);
      out[0].toHost(host);
      assertArrayEquals(new float[] {11, 22, 33}, host.toArray(ValueLayout.JAVA_FLOAT));
      a.close();
      b.close();
      out[0].close();
      assertTrue(out[0].isClosed());
    }
  }

  @Test
  void typeErrorSurfacesXlaMessage() {
    String program =
        """
        module @bad {
          func.func public @main(%a: tensor<3xf32>, %b: tensor<3xi32>) -> (tensor<3xf32>) {
            %0 = "stablehlo.add"(%a, %b) : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
            "func.return"(%0) : (tensor<3xf32>) -> ()
          }
        }
        """;
    PjrtException e = assertThrows(PjrtException.class, () -> client.compile(program));
    assertTrue(e.code() > 0, e.getMessage());
    assertTrue(e.getMessage().contains("PJRTClientCompile"), e.getMessage());
    assertFalse(e.xlaMessage().isBlank());
  }
}
