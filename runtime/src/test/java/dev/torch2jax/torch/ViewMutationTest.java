package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.checkAgainstLibtorch;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writes through views reach the base and every other view, as libtorch eager shows them. */
class ViewMutationTest {
  private static Tensor x34() {
    return Tensor.create(new float[] {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12}, 3, 4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "y = x[0]\n    y.add_(1)\n    return x, y",
        "v = x.view(12)\n    v[2].fill_(5.0)\n    return x, v",
        "t = x.t()\n    t[0].mul_(2)\n    return x, t",
        "p = x.permute(1, 0)\n    p.add_(1)\n    return x, p",
        "x.narrow(1, 1, 2).zero_()\n    return x",
        "x[:, 1:3].mul_(10)\n    return x",
        "x[::2].fill_(0)\n    return x",
        "x[:, 1::2].fill_(0)\n    return x",
        "u = x.unsqueeze(0)\n    u.add_(1)\n    return x, u",
        "s = x.unsqueeze(1).squeeze(1)\n    s.sub_(1)\n    return x",
        "torch.diagonal(x).fill_(7)\n    return x",
        "torch.diagonal(x, 1).fill_(7)\n    return x",
        "torch.diagonal(x, -1).mul_(3)\n    return x",
        "a = x[0]\n    b = x[:, 0]\n    a.fill_(9)\n    return b",
        "y = torch.zeros([4])\n    x[1] = y\n    return x",
        "x[0, 1] = 3.5\n    return x",
        "x.masked_fill_(x > 0, 0.0)\n    return x",
        "r = x.reshape(12)\n    r[0] = 100.0\n    return x",
        "x[1].relu_()\n    return x",
        "x.t()[1:].select(1, 0).add_(5)\n    return x",
        "f = x.flatten()\n    f.mul_(2)\n    return x",
        "y = x.clone()\n    y.add_(1)\n    return x, y",
        "d = x.detach()\n    d.add_(1)\n    return x",
        "c = x.contiguous()\n    c.add_(1)\n    return x",
        "t = x.t().contiguous()\n    t.add_(1)\n    return x, t",
        "r = x.t().reshape(12)\n    r.add_(1)\n    return x, r",
        "y = x[1]\n    x.add_(1)\n    return y",
        "y = x.view(2, 6)\n    y[1].copy_(torch.ones([6]))\n    z = x.view(4, 3)\n    return x, z",
        "x.add_(torch.ones([4]))\n    return x",
        "x.copy_(torch.ones([3, 1]))\n    return x",
        "parts = x.unbind(0)\n    parts[1].fill_(0)\n    return x",
        "i = x.long()\n    i.add_(1)\n    d = x.double()\n    return x, i, d",
        "for r in range(3):\n        x[r, r] = float(r)\n    return x",
        "x[x > 0] = 0.0\n    return x",
        "i = torch.tensor([2, 0])\n    x[i] = torch.zeros([4])\n    return x, x[i], x[torch.tensor([-1])]",
        "i = torch.tensor([0, 2])\n    j = torch.tensor([1, 3])\n    x[i, j] = 50.0\n    return x, x[i, j]",
      })
  void matchesLibtorchEager(String body) {
    String src = "def f(x):\n    " + body + "\n";
    checkAgainstLibtorch(src, "f", x34());
  }

  @Test
  void writingThroughABroadcastingExpandFailsLikeLibtorch() {
    String src =
        """
        def f(x):
            e = x.expand(3, 4)
            e.add_(1)
            return x
        """;
    org.bytedeco.pytorch.Function f = Scripts.function(src, "f");
    Tensor x = Tensor.create(new float[] {1, 2, 3, 4}, 1, 4);
    assertThrows(RuntimeException.class, () -> Scripts.eager(f, x));
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> T2J.t2j(f).apply(T2J.t2j(x)));
    assertTrue(e.getMessage().contains("more than one element"), e.getMessage());
  }

  @Test
  void inPlaceResultThatCannotBeCastFailsLikeLibtorch() {
    String src =
        """
        def f(x):
            x.add_(1.5)
            return x
        """;
    org.bytedeco.pytorch.Function f = Scripts.function(src, "f");
    Tensor x = Tensor.create(new long[] {1, 2});
    assertThrows(RuntimeException.class, () -> Scripts.eager(f, x));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> T2J.t2j(f).apply(T2J.t2j(x)));
    assertTrue(e.getMessage().contains("can't be cast"), e.getMessage());
  }

  @Test
  void mutatingAnInputLeavesTheCallersArray() {
    org.bytedeco.pytorch.Function f =
        Scripts.function("def f(x):\n    x[0].fill_(42.0)\n    return x.sum()\n", "f");
    Array x = Array.of(new float[] {1, 2, 3});
    Array s = (Array) T2J.t2j(f).apply(x);
    assertTrue(s.item() == 47, s.toString());
    assertTrue(x.toFloatArray()[0] == 1);
  }
}
