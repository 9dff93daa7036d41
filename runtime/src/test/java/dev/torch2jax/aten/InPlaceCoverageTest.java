package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.aten.InPlaceSamples.Sample;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every in-place overload listed here has a row in the in-place sample tables. */
class InPlaceCoverageTest {
  /** The in-place overloads no other OpInfo sample reached through TorchScript. */
  private static final List<String> OVERLOADS =
      List.of(
          """
          abs_ absolute_ acos_ acosh_ add_.Scalar add_.Tensor addcdiv_ addcmul_ alpha_dropout_
          arccos_ arccosh_ arcsin_ arcsinh_ arctan2_ arctan_ arctanh_ as_strided_ asin_ asinh_
          atan2_ atan_ atanh_ bernoulli_.Tensor bernoulli_.float bitwise_and_.Scalar
          bitwise_and_.Tensor bitwise_left_shift_.Tensor bitwise_left_shift_.Tensor_Scalar
          bitwise_not_ bitwise_or_.Scalar bitwise_or_.Tensor bitwise_right_shift_.Tensor
          bitwise_right_shift_.Tensor_Scalar bitwise_xor_.Scalar bitwise_xor_.Tensor ceil_ celu_
          clamp_ clamp_.Tensor clamp_max_ clamp_max_.Tensor clamp_min_ clamp_min_.Tensor clip_
          clip_.Tensor copy_ cos_ cosh_ detach_ div_.Scalar div_.Scalar_mode div_.Tensor
          div_.Tensor_mode divide_.Scalar divide_.Scalar_mode divide_.Tensor divide_.Tensor_mode
          dropout_ elu_ eq_.Scalar eq_.Tensor erf_ erfinv_ exp2_ exp_ expm1_ exponential_
          feature_alpha_dropout_ feature_dropout_ fill_.Tensor fix_ floor_ floor_divide_.Scalar
          floor_divide_.Tensor fmod_.Scalar fmod_.Tensor ge_.Scalar ge_.Tensor gelu_
          greater_.Scalar greater_.Tensor greater_equal_.Scalar greater_equal_.Tensor gt_.Scalar
          gt_.Tensor hardsigmoid_ hardswish_ hardtanh_ index_add_ index_copy_
          index_fill_.int_Scalar index_fill_.int_Tensor index_put_.hacked_twin index_reduce_
          le_.Scalar le_.Tensor leaky_relu_ lerp_.Scalar lerp_.Tensor less_.Scalar less_.Tensor
          less_equal_.Scalar less_equal_.Tensor log10_ log1p_ log2_ log_ logical_and_
          logical_not_ logical_or_ logical_xor_ lt_.Scalar lt_.Tensor masked_fill_.Scalar
          masked_fill_.Tensor mish_ mul_.Tensor multiply_.Scalar multiply_.Tensor nan_to_num_
          ne_.Scalar ne_.Tensor neg_ negative_ normal_ not_equal_.Scalar not_equal_.Tensor
          pow_.Scalar pow_.Tensor reciprocal_ relu6_ relu_ remainder_.Scalar remainder_.Tensor
          round_ round_.decimals rsqrt_ scatter_.reduce scatter_.value scatter_.value_reduce
          scatter_add_ scatter_reduce_.two selu_ sgn_ sigmoid_ sign_ silu_ sin_ sinh_ sqrt_
          square_ squeeze_ squeeze_.dims sub_.Scalar sub_.Tensor subtract_.Scalar
          subtract_.Tensor tan_ tanh_ threshold_ tril_ true_divide_.Scalar true_divide_.Tensor
          trunc_ uniform_ unsqueeze_
          """
              .strip()
              .split("\\s+"));

  @Test
  void everyListedOverloadHasARow() {
    Set<String> sampled = new TreeSet<>();
    Stream.of(InPlacePointwiseTest.SAMPLES, InPlaceCompareTest.SAMPLES, InPlaceNnShapeTest.SAMPLES)
        .flatMap(List::stream)
        .map(Sample::op)
        .forEach(sampled::add);
    Set<String> missing = new TreeSet<>();
    for (String o : OVERLOADS) {
      if (!sampled.contains("aten::" + o)) {
        missing.add(o);
      }
    }
    assertEquals(166, OVERLOADS.size());
    assertEquals(Set.of(), missing, "in-place overloads without a row");
  }
}
