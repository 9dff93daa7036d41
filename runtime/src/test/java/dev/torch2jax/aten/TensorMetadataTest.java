package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * sym_size, sym_stride, sym_numel, sym_storage_offset, sym_is_contiguous (and the stride /
 * storage_offset / is_contiguous methods) of tensors and of their views, and _local_scalar_dense,
 * against libtorch through TorchScript.
 */
class TensorMetadataTest {
  private static final String[] SYM_OPS = {
    "aten::sym_size.int",
    "aten::sym_stride.int",
    "aten::sym_numel",
    "aten::sym_storage_offset",
    "aten::sym_is_contiguous"
  };

  /** TensorShape of a contiguous [2, 3, 4] tensor x, one per libtorch view rule. */
  private static final String[] VIEWS = {
    "x",
    "x.transpose(0, 2)",
    "x.permute(2, 0, 1)",
    "x[1, :, 1:3]",
    "x[:, ::2, 1:]",
    "x[:, 3:1]",
    "x[:, :, 1:1]",
    "x.select(1, -1)",
    "x.narrow(2, 1, 2)",
    "x.unbind(1)[2]",
    "x.unsqueeze(1)",
    "x.unsqueeze(-1)",
    "x.transpose(0, 2).unsqueeze(1)",
    "x[0:1].transpose(0, 1)[0].unsqueeze(0)",
    "x[:, 0:1].squeeze(1)",
    "x[:, 0:1].squeeze()",
    "x[0:1, 0:1].transpose(0, 1).squeeze(0)",
    "x.expand(2, 2, 3, 4)",
    "x.expand(1, 2, 3, 4)",
    "x[:, :1].expand(2, 7, 4)",
    "x[0, 0].expand(2, 1, 4)",
    "x[0, 0, 0].expand(3, 1)",
    "x.diagonal(1, 1, 2)",
    "x.diagonal(-1, 2, 1)",
    "x.diagonal(0, 0, 1)",
    "x[0].diagonal(10)",
    "x.view(4, 6)",
    "x[0].t()",
    "x.transpose(0, 1).reshape(3, 2, 2, 2)",
    "x.transpose(1, 2).reshape(2, 12)",
    "x[:, 0:1].reshape(2, 1, 4)",
    "x[:, 0:1].flatten()",
    "x[:, 0:1].flatten(1, 1)",
    "x[:, :, 0:0].transpose(0, 2).view(0, 6)",
    "x.transpose(0, 2).contiguous()",
    "x[:, 1].contiguous()",
    "x.detach()[1]",
    "torch.alias(x)[:, 1:]",
    "x.sum().view(1, 1)",
    "x.sum().unsqueeze(0)"
  };

  private static Tensor x() {
    return NnTesting.randn(2, 3, 4);
  }

  /**
   * {@code expr} (a static int) as a one-element int64 tensor: a bare int would come back from
   * {@code vmap} unbatched, as in JAX, while the loop it is compared to stacks them.
   */
  private static void sample(String op, String expr, Object... inputs) {
    // TorchScript can only return a SymBool: sym_is_contiguous's vmap is a known difference.
    run(op, op.equals("aten::sym_is_contiguous") ? expr : "torch.full([1], " + expr + ")", inputs);
  }

  private static void run(String op, String expr, Object... inputs) {
    String src = OpInfo.source(params(inputs), expr);
    assertTrue(OpInfo.graphOps(src).contains(op), src + " reaches " + OpInfo.graphOps(src));
    OpInfo.run(List.of(op), src, inputs, OpInfo.ALL, -1, null);
  }

  private static String params(Object[] inputs) {
    return inputs.length == 1 ? "x" : "x, y";
  }

  @Test
  void symOpsOfViewsMatchLibtorch() {
    for (String v : VIEWS) {
      sample("aten::sym_numel", "torch.sym_numel(" + v + ")", x());
      sample("aten::sym_storage_offset", "torch.sym_storage_offset(" + v + ")", x());
      sample("aten::sym_is_contiguous", "torch.sym_is_contiguous(" + v + ")", x());
      for (long d : new long[] {0, -1}) {
        sample("aten::sym_size.int", "torch.sym_size(" + v + ", " + d + ")", x());
        sample("aten::sym_stride.int", "torch.sym_stride(" + v + ", " + d + ")", x());
      }
    }
  }

  @Test
  void theTensorMethodsAgree() {
    for (String v : VIEWS) {
      String expr =
          "torch.tensor(("
              + v
              + ").stride()), torch.full([1], ("
              + v
              + ").storage_offset()), torch.full([1], ("
              + v
              + ").is_contiguous())";
      String src = OpInfo.source("x", expr);
      OpInfo.run(
          List.of("aten::stride", "aten::storage_offset", "aten::is_contiguous"),
          src,
          new Object[] {x()},
          OpInfo.ALL,
          -1,
          null);
    }
    sample("aten::stride.int", "x.transpose(0, 1).stride(-1)", x());
    sample("aten::sym_size.int", "x.size(1) + x.sym_size(-2)", x());
  }

  @Test
  void channelsLastContiguity() {
    // An NHWC tensor seen as NCHW: channels-last contiguous, not row-major contiguous.
    Tensor nhwc = NnTesting.randn(2, 3, 4, 5);
    String nchw = "x.permute(0, 3, 1, 2)";
    for (long format : new long[] {0, 2, 3}) {
      sample(
          "aten::sym_is_contiguous", "torch.sym_is_contiguous(" + nchw + ", " + format + ")", nhwc);
      sample("aten::sym_is_contiguous", "torch.sym_is_contiguous(x, " + format + ")", nhwc);
    }
    Tensor ndhwc = NnTesting.randn(2, 2, 3, 4, 5);
    sample(
        "aten::sym_is_contiguous", "torch.sym_is_contiguous(x.permute(0, 4, 1, 2, 3), 3)", ndhwc);
    run(
        "aten::is_contiguous.memory_format",
        "torch.full([1], (x.permute(0, 3, 1, 2)).is_contiguous(memory_format=2))",
        nhwc);
  }

  @Test
  void theResultsFeedTensorCode() {
    // The static ints flow into tensor code (jit keeps them static, vmap sees one example).
    run(
        "aten::sym_stride.int",
        "x * torch.sym_stride(x.transpose(0, 2), 2) + torch.sym_storage_offset(x[1, 2])",
        x());
    run("aten::sym_size.int", "x.new_zeros([torch.sym_size(x, 1), torch.sym_numel(x)])", x());
  }

  @Test
  void reshapeIsAViewWhereTheStridesAllowIt() {
    // libtorch's reshape aliases when computeStride finds strides, and copies otherwise: a write
    // through the result reaches the original only in the first case.
    for (String reshape :
        List.of(
            "z.transpose(0, 1).reshape(3, 2, 2, 2)",
            "z.transpose(1, 2).reshape(2, 12)",
            "z[:, 0:1].flatten()",
            "z[:, 1:].flatten(1)",
            "z[:, 1].reshape(8)")) {
      String src =
          "def f(x):\n"
              + "    z = x * 1.0\n"
              + "    y = "
              + reshape
              + "\n"
              + "    y.mul_(2.0)\n"
              + "    return z, y\n";
      OpInfo.run(
          List.of("aten::reshape", "aten::flatten.using_ints"),
          src,
          new Object[] {x()},
          OpInfo.ALL,
          -1,
          null);
    }
  }

  @Test
  void dimsOutOfRangeAreRefusedLikeLibtorch() {
    TorchFunction f = T2J.t2j(OpInfo.compile(OpInfo.source("x", "torch.sym_stride(x, 3)")));
    Array a = T2J.t2j(x());
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.apply(a));
    assertTrue(
        e.getMessage().contains("Dimension out of range (expected to be in range of [-3, 2]"),
        e.getMessage());
    TorchFunction g = T2J.t2j(OpInfo.compile(OpInfo.source("x", "torch.sym_size(x, -4)")));
    assertThrows(IndexOutOfBoundsException.class, () -> g.apply(a));
    TorchFunction scalar =
        T2J.t2j(OpInfo.compile(OpInfo.source("x", "torch.sym_stride(x[0, 0, 0], 0)")));
    e = assertThrows(IndexOutOfBoundsException.class, () -> scalar.apply(a));
    assertTrue(e.getMessage().contains("tensor has no dimensions"), e.getMessage());
    assertThrows(
        RuntimeException.class,
        () ->
            OpInfo.compile(OpInfo.source("x", "torch.sym_stride(x, 3)"))
                .apply(
                    new org.bytedeco.pytorch.IValueVector(new org.bytedeco.pytorch.IValue(x()))));
  }

  @Test
  void arraysAreContiguousWithOffsetZero() {
    OpRegistry r = OpRegistry.global();
    Array a = T2J.t2j(NnTesting.randn(2, 0, 3));
    assertEquals(0L, r.lookup("aten::sym_size.int").orElseThrow().call(List.of(a, 1L)));
    assertEquals(3L, r.lookup("aten::sym_stride.int").orElseThrow().call(List.of(a, 0L)));
    assertEquals(1L, r.lookup("aten::sym_stride.int").orElseThrow().call(List.of(a, -1L)));
    assertArrayEquals(
        new long[] {3, 3, 1}, (long[]) r.lookup("aten::sym_stride").orElseThrow().call(List.of(a)));
    assertEquals(0L, r.lookup("aten::sym_numel").orElseThrow().call(List.of(a)));
    assertEquals(0L, r.lookup("aten::sym_storage_offset").orElseThrow().call(List.of(a)));
    assertEquals(true, r.lookup("aten::sym_is_contiguous").orElseThrow().call(List.of(a)));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> r.lookup("aten::sym_size.int").orElseThrow().call(List.of(a, 3L)));
  }

  // ---- _local_scalar_dense ---------------------------------------------------------------------

  @Test
  void localScalarDenseReadsTheNumber() {
    Tensor one = NnTesting.randn(1, 1);
    for (Tensor t :
        List.of(
            one,
            NnTesting.f64(one),
            NnTesting.i64(NnTesting.randint(-5, 5, 1)),
            NnTesting.i32(NnTesting.randint(-5, 5)),
            NnTesting.bool(NnTesting.randint(0, 2)))) {
      run("aten::_local_scalar_dense", "torch._local_scalar_dense(x)", t);
    }
    // libtorch reads the first element of a larger tensor (item() checks the count first).
    run("aten::_local_scalar_dense", "torch._local_scalar_dense(x[1, 2])", x());
    // Under grad the number is known and, as in libtorch, a constant of the gradient.
    run("aten::_local_scalar_dense", "x * torch._local_scalar_dense(x.sum())", x());
    run("aten::_local_scalar_dense", "torch._local_scalar_dense(x.transpose(0, 2)[1:])", x());
  }

  @Test
  void localScalarDenseUnderTransformations() {
    TorchFunction f =
        T2J.t2j(OpInfo.compile(OpInfo.source("x", "torch._local_scalar_dense(x.sum()) * 2.0")));
    Array a = T2J.t2j(x());
    ConcretizationException e =
        assertThrows(ConcretizationException.class, () -> Jax.jit(f).apply(a));
    assertTrue(e.getMessage().contains("aten::_local_scalar_dense"), e.getMessage());
    assertThrows(ConcretizationException.class, () -> Jax.vmap(f, 0).apply(a));
    // Through the registry: a Java number eagerly, a ConcretizationException under jit.
    AtenOp op = OpRegistry.global().lookup("aten::_local_scalar_dense").orElseThrow();
    assertEquals(2.5, op.call(List.of(Array.scalar(2.5))));
    assertEquals(7L, op.call(List.of(Array.of(new int[] {7, 8}, 2))));
    assertEquals(1L, op.call(List.of(Array.of(new boolean[] {true}, new long[0]))));
    e =
        assertThrows(
            ConcretizationException.class,
            () ->
                Jax.jit(xs -> Array.scalar(((Number) op.call(List.of(xs[0]))).doubleValue()))
                    .apply(a));
    assertTrue(e.getMessage().contains("Tensor.item()"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> op.call(List.of(Array.of(new float[0], 0))));
  }
}
