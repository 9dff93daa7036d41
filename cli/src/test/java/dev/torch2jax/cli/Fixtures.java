package dev.torch2jax.cli;

import java.nio.file.Path;
import org.bytedeco.pytorch.BoolType;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.QualifiedNameOptional;
import org.bytedeco.pytorch.SimpleSelf;
import org.bytedeco.pytorch.SingletonTypePtr;
import org.bytedeco.pytorch.Type;
import org.bytedeco.pytorch.global.torch;

/** TorchScript modules built with libtorch's compiler and saved, as files saved in Python are. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A two-layer MLP ({@code fc1}: 4 to 8, ReLU, {@code fc2}: 8 to 2) with a buffer {@code scale} of
   * 2 elements multiplying the output; input {@code x: float32[N, 4]}.
   */
  static Path mlp(Path dir) {
    torch.manual_seed(0);
    JitModule net = module("Mlp");
    net.register_module("fc1", linear("Linear_a", 4, 8));
    net.register_module("fc2", linear("Linear_b", 8, 2));
    net.register_buffer("scale", torch.rand(2));
    define(
        net,
        """
        def forward(self, x):
            h = torch.relu(self.fc1.forward(x))
            return self.fc2.forward(h) * self.scale
        """);
    return save(net, dir.resolve("mlp.pt"));
  }

  /**
   * A module whose forward calls {@code torch.det}, which TorchScript compiles to {@code
   * aten::linalg_det}: an op torch2jax does not implement.
   */
  static Path withMissingOp(Path dir) {
    JitModule net = module("Det");
    net.register_module("fc", linear("Linear_c", 3, 3));
    define(
        net,
        """
        def forward(self, x):
            y = self.fc.forward(x)
            return torch.det(y)
        """);
    return save(net, dir.resolve("det.pt"));
  }

  private static JitModule linear(String cls, long in, long out) {
    JitModule m = module(cls);
    m.register_parameter("weight", torch.randn(out, in), false);
    m.register_parameter("bias", torch.randn(out), false);
    define(
        m,
        """
        def forward(self, x):
            return torch.linear(x, self.weight, self.bias)
        """);
    return m;
  }

  private static JitModule module(String name) {
    JitModule m = new JitModule(new QualifiedName(name), new CompilationUnit(), true);
    m.register_attribute(
        "training",
        new Type.TypePtr(new SingletonTypePtr(BoolType.get().get())),
        new IValue(false),
        false,
        false);
    return m;
  }

  private static void define(JitModule m, String source) {
    m._ivalue()
        .compilation_unit()
        .define(
            new QualifiedNameOptional(m.type().name().get()),
            source,
            torch.nativeResolver(),
            new SimpleSelf(m.type()));
  }

  private static Path save(JitModule m, Path file) {
    m.save(file.toString());
    return file;
  }
}
