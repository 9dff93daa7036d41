package dev.torch2jax.export;

import static dev.torch2jax.export.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.torch.T2J;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Programs exported with {@code Dim("batch", min=2, max=16)} on their input's first dimension. */
class DynamicShapesTest {

  /**
   * {@code mlp_dyn}: a dynamic batch through linear layers; {@code regroup_dyn}: sizes computed
   * from it ({@code sym_size}, {@code _operator.mul}, a size as a divisor), keyword arguments and
   * non-finite float arguments ({@code clamp(-inf, inf)}, {@code full(-inf)}).
   */
  @ParameterizedTest
  @CsvSource({"mlp_dyn, aten", "mlp_dyn, training", "regroup_dyn, aten", "regroup_dyn, training"})
  void runsAtTwoBatchSizesInRange(String model, String dialect) {
    ExportedFunction f = T2J.load(Fixtures.path("%s.%s.pt2".formatted(model, dialect)));
    Fn jitted = Jax.jit(f);
    for (String n : new String[] {"3", "7"}) {
      assertClose(
          Fixtures.io(model, "y" + n),
          jitted.apply(f.stateDict(), Fixtures.io(model, "x" + n)),
          1e-4);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 17})
  void refusesABatchOutsideTheRangeNamingIt(int batch) {
    ExportedFunction f = T2J.load(Fixtures.path("mlp_dyn.aten.pt2"));
    Array x = Jnp.zeros(new long[] {batch, 6}, dev.torch2jax.DType.F32);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.call(f.stateDict(), x));
    assertTrue(
        e.getMessage().contains("input x: dimension 0")
            && e.getMessage()
                .contains("is %d, outside the exported range [2, 16]".formatted(batch)),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 7})
  void refusesAStaticDimensionOtherThanExported(int features) {
    ExportedFunction f = T2J.load(Fixtures.path("mlp_dyn.aten.pt2"));
    Array x = Jnp.zeros(new long[] {4, features}, dev.torch2jax.DType.F32);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.call(f.stateDict(), x));
    assertTrue(
        e.getMessage()
            .contains("input x: dimension 1 is %d, the export requires 6".formatted(features)),
        e.getMessage());
  }
}
