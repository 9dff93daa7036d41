package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.scalar;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/** Loss functions; {@code reduction} is 0 (none), 1 (mean) or 2 (sum), as in libtorch. */
public final class Loss {
  private Loss() {}

  /** Squared error. */
  @Implements("aten::mse_loss")
  public static Array mseLoss(Array self, Array target, long reduction) {
    Array d = Jnp.subtract(self, target);
    return applyReduction("mse_loss", Jnp.multiply(d, d), reduction);
  }

  /** Absolute error. */
  @Implements("aten::l1_loss")
  public static Array l1Loss(Array self, Array target, long reduction) {
    return applyReduction("l1_loss", Jnp.abs(Jnp.subtract(self, target)), reduction);
  }

  /** {@code 0.5 d^2 / beta} below {@code beta}, else {@code |d| - 0.5 beta}. */
  @Implements("aten::smooth_l1_loss")
  public static Array smoothL1Loss(Array self, Array target, long reduction, double beta) {
    if (beta < 0) {
      throw new IllegalArgumentException(
          "smooth_l1_loss does not support negative values for beta.");
    }
    Array d = Jnp.abs(Jnp.subtract(self, target));
    if (beta == 0) {
      return applyReduction("smooth_l1_loss", d, reduction);
    }
    DType t = d.dtype();
    Array quad = Jnp.divide(Jnp.multiply(scalar(0.5, t), Jnp.multiply(d, d)), scalar(beta, t));
    Array lin = Jnp.subtract(d, scalar(0.5 * beta, t));
    return applyReduction(
        "smooth_l1_loss", Jnp.where(Jnp.less(d, scalar(beta, t)), quad, lin), reduction);
  }

  /** {@code 0.5 d^2} below {@code delta}, else {@code delta (|d| - 0.5 delta)}. */
  @Implements("aten::huber_loss")
  public static Array huberLoss(Array self, Array target, long reduction, double delta) {
    Array d = Jnp.abs(Jnp.subtract(self, target));
    DType t = d.dtype();
    Array quad = Jnp.multiply(scalar(0.5, t), Jnp.multiply(d, d));
    Array lin = Jnp.multiply(scalar(delta, t), Jnp.subtract(d, scalar(0.5 * delta, t)));
    return applyReduction(
        "huber_loss", Jnp.where(Jnp.less(d, scalar(delta, t)), quad, lin), reduction);
  }

  /** {@code -w (t log x + (1 - t) log(1 - x))}, logs clamped at -100 as in PyTorch. */
  @Implements("aten::binary_cross_entropy")
  public static Array binaryCrossEntropy(Array self, Array target, Array weight, long reduction) {
    if (!Arrays.equals(self.shape(), target.shape())) {
      throw new IllegalArgumentException(
          "binary_cross_entropy: Using a target size ("
              + Arrays.toString(target.shape())
              + ") that is different to the input size ("
              + Arrays.toString(self.shape())
              + ") is deprecated. Please ensure they have the same size.");
    }
    DType t = self.dtype();
    Array floor = scalar(-100, t);
    Array logX = Jnp.maximum(Jnp.log(self), floor);
    Array log1mX = Jnp.maximum(Jnp.log1p(Jnp.negative(self)), floor);
    Array one = scalar(1, t);
    Array loss =
        Jnp.negative(
            Jnp.add(Jnp.multiply(target, logX), Jnp.multiply(Jnp.subtract(one, target), log1mX)));
    if (weight != null) {
      loss = Jnp.multiply(loss, weight);
    }
    return applyReduction("binary_cross_entropy", loss, reduction);
  }

  /**
   * libtorch's gradients of {@link #binaryCrossEntropy}, finite where the input is exactly 0 or 1:
   * {@code (x - t) / max(x (1 - x), 1e-12)} for the input and {@code -logit(x)} for the target,
   * times the weight. libtorch does not differentiate the weight; its gradient here is the
   * unweighted loss, summed to the weight's shape.
   */
  @CustomVjp("aten::binary_cross_entropy")
  public static List<Object> binaryCrossEntropyVjp(
      List<Object> args, Object output, Object cotangent) {
    Array x = (Array) args.get(0);
    Array t = (Array) args.get(1);
    Array weight = (Array) args.get(2);
    long reduction = ((Number) args.get(3)).longValue();
    DType dt = x.dtype();
    Array ct = Jnp.broadcastTo((Array) cotangent, x.shape());
    if (reduction == 1) {
      ct = Jnp.divide(ct, scalar(Math.max(1, x.size()), dt));
    }
    Array one = scalar(1, dt);
    Array oneMinusX = Jnp.subtract(one, x);
    Array dx =
        Jnp.divide(Jnp.subtract(x, t), Jnp.maximum(Jnp.multiply(x, oneMinusX), scalar(1e-12, dt)));
    Array dt0 = Jnp.negative(Jnp.subtract(Jnp.log(x), Jnp.log(oneMinusX)));
    Array dw = null;
    if (weight != null) {
      Array unweighted = binaryCrossEntropy(x, t, null, 0);
      dw = sumToShape(Jnp.multiply(ct, unweighted), weight.shape());
      ct = Jnp.multiply(ct, weight);
    }
    return Arrays.asList(Jnp.multiply(ct, dx), Jnp.multiply(ct, dt0), dw, null);
  }

  /** {@code a} summed over the axes that broadcasting added to or expanded in {@code shape}. */
  private static Array sumToShape(Array a, long[] shape) {
    while (a.ndim() > shape.length) {
      a = Jnp.sum(a, 0);
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1 && a.shape()[d] != 1) {
        a = Jnp.sum(a, d, true);
      }
    }
    return a;
  }

  /** {@code (1 - t) x + (1 + (pw - 1) t) (log(1 + e^-|x|) + max(-x, 0))}, stable for any logit. */
  @Implements("aten::binary_cross_entropy_with_logits")
  public static Array binaryCrossEntropyWithLogits(
      Array self, Array target, Array weight, Array posWeight, long reduction) {
    DType t = self.dtype();
    Array one = scalar(1, t);
    Array softplusNeg =
        Jnp.add(
            Jnp.log1p(Jnp.exp(Jnp.negative(Jnp.abs(self)))),
            Jnp.maximum(Jnp.negative(self), scalar(0, t)));
    Array loss;
    if (posWeight != null) {
      Array lw = Jnp.add(one, Jnp.multiply(Jnp.subtract(posWeight, one), target));
      loss = Jnp.add(Jnp.multiply(Jnp.subtract(one, target), self), Jnp.multiply(lw, softplusNeg));
    } else {
      loss = Jnp.add(Jnp.multiply(Jnp.subtract(one, target), self), softplusNeg);
    }
    if (weight != null) {
      loss = Jnp.multiply(loss, weight);
    }
    return applyReduction("binary_cross_entropy_with_logits", loss, reduction);
  }

  /**
   * Kullback-Leibler divergence with {@code self} as log-probabilities: {@code t (log t - x)} (zero
   * where {@code t = 0}), or {@code e^t (t - x)} with {@code log_target}.
   */
  @Implements("aten::kl_div")
  public static Array klDiv(Array self, Array target, long reduction, boolean logTarget) {
    Array loss;
    if (logTarget) {
      loss = Jnp.multiply(Jnp.exp(target), Jnp.subtract(target, self));
    } else {
      DType rt = Jnp.resultType(self, target);
      Array tt = Jnp.astype(target, rt);
      Array zero = Jnp.zerosLike(tt);
      Array positive = Jnp.greater(tt, zero);
      Array safe = Jnp.where(positive, tt, Jnp.onesLike(tt));
      Array xlogy = Jnp.where(positive, Jnp.multiply(tt, Jnp.log(safe)), zero);
      // x log y is NaN where t is NaN, as in PyTorch.
      xlogy = Jnp.where(Jnp.notEqual(tt, tt), tt, xlogy);
      loss = Jnp.subtract(xlogy, Jnp.multiply(tt, self));
    }
    return applyReduction("kl_div", loss, reduction);
  }

  // ---- nll and cross entropy -----------------------------------------------------------------

  /** Negative log-likelihood of class indices; (N, C, d...) or (C) inputs. */
  @Implements("aten::nll_loss aten::nll_loss_nd aten::nll_loss2d")
  public static Array nllLoss(
      Array self, Array target, Array weight, long reduction, long ignoreIndex) {
    return nll("nll_loss", self, target, weight, reduction, ignoreIndex).get(0);
  }

  /** {@code (output, total_weight)} for (N, C) or (C) inputs. */
  @Implements("aten::nll_loss_forward")
  public static List<Array> nllLossForward(
      Array self, Array target, Array weight, long reduction, long ignoreIndex) {
    if (self.ndim() > 2) {
      throw new IllegalArgumentException(
          "nll_loss_forward: input tensor should be 1D or 2D, got shape "
              + Arrays.toString(self.shape()));
    }
    return nll("nll_loss_forward", self, target, weight, reduction, ignoreIndex);
  }

  /** {@code (output, total_weight)} for (N, C, H, W) inputs. */
  @Implements("aten::nll_loss2d_forward")
  public static List<Array> nllLoss2dForward(
      Array self, Array target, Array weight, long reduction, long ignoreIndex) {
    return nll("nll_loss2d_forward", self, target, weight, reduction, ignoreIndex);
  }

  private static List<Array> nll(
      String op, Array self, Array target, Array weight, long reduction, long ignoreIndex) {
    int classDim = self.ndim() == 1 ? 0 : 1;
    long c = self.shape()[classDim];
    long[] expected = self.ndim() == 1 ? new long[0] : self.shape();
    if (self.ndim() > 1) {
      long[] e = new long[self.ndim() - 1];
      e[0] = expected[0];
      System.arraycopy(expected, 2, e, 1, self.ndim() - 2);
      expected = e;
    }
    if (!Arrays.equals(expected, target.shape())) {
      throw new IllegalArgumentException(
          op
              + ": expected target of shape "
              + Arrays.toString(expected)
              + " for input "
              + Arrays.toString(self.shape())
              + ", got "
              + Arrays.toString(target.shape()));
    }
    if (target.dtype().isFloatingPoint() || target.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          op + ": expected scalar type Long but found " + target.dtype().torchName());
    }
    Array tgt = Jnp.astype(target, DType.I64);
    Array valid = Jnp.notEqual(tgt, scalar(ignoreIndex, DType.I64));
    // one-hot selection along the class axis (NaN-safe: unselected entries are not multiplied)
    long[] s = self.shape();
    long[] tdims = new long[target.ndim()];
    for (int i = 0; i < tdims.length; i++) {
      tdims[i] = i < classDim ? i : i + 1;
    }
    Array onehot =
        Jnp.equal(Constants.iota(DType.I64, s, classDim), ShapeOps.broadcastInDim(tgt, s, tdims));
    Array picked =
        ReductionOps.reduceSum(
            ElementwiseOps.select(onehot, self, Jnp.zerosLike(self)), new long[] {classDim});
    Array w;
    if (weight != null) {
      if (weight.size() != c) {
        throw new IllegalArgumentException(
            op
                + ": weight tensor should be defined either for all "
                + c
                + " classes or no classes but got weight tensor of shape: "
                + Arrays.toString(weight.shape()));
      }
      Array wb =
          ShapeOps.broadcastInDim(Jnp.astype(weight, self.dtype()), s, new long[] {classDim});
      w =
          ReductionOps.reduceSum(
              ElementwiseOps.select(onehot, wb, Jnp.zerosLike(wb)), new long[] {classDim});
    } else {
      w = Jnp.onesLike(picked);
    }
    w = ElementwiseOps.select(valid, w, Jnp.zerosLike(w));
    Array loss = Jnp.negative(Jnp.multiply(picked, w));
    loss = ElementwiseOps.select(valid, loss, Jnp.zerosLike(loss));
    Array total = AxisReductions.sumAll(w);
    return switch ((int) reduction) {
      case 0 -> List.of(loss, total);
      case 1 -> List.of(ElementwiseOps.div(AxisReductions.sumAll(loss), total), total);
      case 2 -> List.of(AxisReductions.sumAll(loss), total);
      default -> throw new IllegalArgumentException(op + ": unknown reduction " + reduction);
    };
  }

  /**
   * {@code nll_loss(log_softmax(self, 1), target)} for class indices, or {@code -sum(target *
   * log_softmax(self))} for class probabilities, with optional label smoothing.
   */
  @Implements("aten::cross_entropy_loss")
  public static Array crossEntropyLoss(
      Array self,
      Array target,
      Array weight,
      long reduction,
      long ignoreIndex,
      double labelSmoothing) {
    int classDim = self.ndim() == 1 ? 0 : 1;
    long c = self.shape()[classDim];
    Array logp = Softmax.logSoftmax(self, classDim, null);
    long[] wshape = Dims.filled(self.ndim(), 1);
    wshape[classDim] = c;
    if (target.dtype().isFloatingPoint()) {
      if (!Arrays.equals(self.shape(), target.shape())) {
        throw new IllegalArgumentException(
            "cross_entropy: expected target of shape %s for class probabilities, got %s"
                .formatted(Arrays.toString(self.shape()), Arrays.toString(target.shape())));
      }
      Array t = target;
      if (labelSmoothing > 0) {
        t =
            Jnp.add(
                Jnp.multiply(t, scalar(1 - labelSmoothing, t.dtype())),
                scalar(labelSmoothing / c, t.dtype()));
      }
      Array prod = Jnp.multiply(logp, t);
      if (weight != null) {
        prod = Jnp.multiply(prod, ShapeOps.reshape(weight, wshape));
      }
      return switch ((int) reduction) {
        case 0 -> Jnp.negative(ReductionOps.reduceSum(prod, new long[] {classDim}));
        case 1 ->
            Jnp.divide(
                Jnp.negative(AxisReductions.sumAll(prod)),
                scalar((double) self.size() / c, self.dtype()));
        case 2 -> Jnp.negative(AxisReductions.sumAll(prod));
        default ->
            throw new IllegalArgumentException("cross_entropy: unknown reduction " + reduction);
      };
    }
    Array nll = nllLoss(logp, target, weight, reduction, ignoreIndex);
    if (labelSmoothing <= 0) {
      return nll;
    }
    Array weighted = weight == null ? logp : Jnp.multiply(logp, ShapeOps.reshape(weight, wshape));
    Array smooth = Jnp.negative(ReductionOps.reduceSum(weighted, new long[] {classDim}));
    Array ignored = Jnp.equal(Jnp.astype(target, DType.I64), scalar(ignoreIndex, DType.I64));
    smooth = ElementwiseOps.select(ignored, Jnp.zerosLike(smooth), smooth);
    Array ret =
        switch ((int) reduction) {
          case 0 -> smooth;
          case 1 -> {
            Array denom;
            if (weight != null) {
              denom = nll("cross_entropy", logp, target, weight, 0, ignoreIndex).get(1);
            } else {
              denom =
                  Jnp.astype(
                      AxisReductions.sumAll(Jnp.astype(Jnp.logicalNot(ignored), DType.I64)),
                      smooth.dtype());
            }
            yield Jnp.divide(AxisReductions.sumAll(smooth), denom);
          }
          case 2 -> AxisReductions.sumAll(smooth);
          default ->
              throw new IllegalArgumentException("cross_entropy: unknown reduction " + reduction);
        };
    return Jnp.add(
        Jnp.multiply(nll, scalar(1 - labelSmoothing, nll.dtype())),
        Jnp.multiply(ret, scalar(labelSmoothing / c, ret.dtype())));
  }

  /** The reductions PyTorch names by an int: 0 none, 1 mean, 2 sum. */
  private static Array applyReduction(String op, Array loss, long reduction) {
    return switch ((int) reduction) {
      case 0 -> loss;
      case 1 -> Jnp.mean(loss);
      case 2 -> Jnp.sum(loss);
      default -> throw new IllegalArgumentException(op + ": unknown reduction " + reduction);
    };
  }
}
