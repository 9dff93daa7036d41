package dev.torch2jax.examples.serving;

import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** The same model run by libtorch eagerly (what a Java team has today), for comparison. */
final class LibtorchEngine implements InferenceEngine {
  private final JitModule module;
  private final long[] rowShape;

  LibtorchEngine(JitModule module, long[] rowShape) {
    this.module = module;
    this.rowShape = rowShape.clone();
  }

  @Override
  @SuppressWarnings("try") // the guard only needs to be open
  public float[][] run(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * width, width);
    }
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows.length;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    try (NoGradGuard guard = new NoGradGuard()) {
      IValueVector args = new IValueVector();
      args.push_back(new IValue(Tensor.create(flat).reshape(shape)));
      Tensor out = module.forward(args).toTensor().contiguous();
      float[] host = new float[(int) out.numel()];
      out.data_ptr_float().get(host);
      return Rows.split(host, rows.length);
    }
  }

  @Override
  public String name() {
    return "libtorch eager";
  }
}
