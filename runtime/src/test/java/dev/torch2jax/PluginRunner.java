package dev.torch2jax;

import dev.torch2jax.pjrt.PjrtApi;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.pjrt.PluginLocator;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a StableHLO module on a PJRT client of its own, apart from the runtime's: what a user who
 * exports a module to another runtime does. Results come back as new arrays.
 */
public final class PluginRunner {
  private static final PjrtClient CLIENT = PjrtClient.create(PjrtApi.load(PluginLocator.locate()));

  private PluginRunner() {}

  /** Compiles {@code module} and runs it on copies of {@code arguments}. */
  public static List<Array> run(String module, List<Array> arguments) {
    List<PjrtBuffer> in = new ArrayList<>();
    try (PjrtExecutable exe = CLIENT.compile(module);
        Arena arena = Arena.ofConfined()) {
      for (Array a : arguments) {
        byte[] bytes = a.toBytes();
        in.add(
            CLIENT.bufferFromHost(
                arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), a.dtype(), a.shape()));
      }
      List<Array> out = new ArrayList<>();
      for (PjrtBuffer b : exe.execute(in.toArray(PjrtBuffer[]::new))) {
        out.add(Array.fromBytes(b.toBytes(), b.dtype(), b.dims()));
        b.close();
      }
      return out;
    } finally {
      in.forEach(PjrtBuffer::close);
    }
  }
}
