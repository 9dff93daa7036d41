package dev.torch2jax.examples.models;

import org.bytedeco.pytorch.BoolType;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.QualifiedNameOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.SimpleSelf;
import org.bytedeco.pytorch.SingletonTypePtr;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.Type;
import org.bytedeco.pytorch.global.torch;

/**
 * Building blocks for TorchScript modules written in Java with libtorch's TorchScript compiler,
 * named and initialized like {@code torch.nn}'s (so that state-dict keys match torchvision's).
 *
 * <p>TorchScript source compiled from C++ has no {@code torch.nn.functional} and cannot call a
 * submodule with {@code self.fc(x)}: forwards call {@code self.fc.forward(x)} and the {@code
 * torch.*} builtins. {@code nn.Sequential} children are named {@code "0"}, {@code "1"}, ...; their
 * forward reaches them with {@code getattr(self, "0")}.
 */
public final class Modules {
  private Modules() {}

  /** An empty module of class {@code name} with a {@code training} attribute, as Python's have. */
  public static JitModule module(String name) {
    JitModule m = new JitModule(new QualifiedName(name), new CompilationUnit(), true);
    m.register_attribute(
        "training",
        new Type.TypePtr(new SingletonTypePtr(BoolType.get().get())),
        new IValue(true),
        false,
        false);
    return m;
  }

  private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * A class name not used before in this process ({@code Conv2d_12}): every module built here gets
   * its own TorchScript class (their forwards differ in constants), and a saved archive must not
   * hold two classes of one name.
   */
  public static String unique(String cls) {
    return cls + "_" + COUNTER.getAndIncrement();
  }

  /** Defines methods of {@code m} from TorchScript source (methods of {@code self}). */
  public static void define(JitModule m, String source) {
    m._ivalue()
        .compilation_unit()
        .define(
            new QualifiedNameOptional(m.type().name().get()),
            source,
            torch.nativeResolver(),
            new SimpleSelf(m.type()));
  }

  /**
   * {@code nn.Conv2d(in, out, k, stride, padding, bias)} with torchvision's ResNet init: weights
   * kaiming-normal, fan-out mode, ReLU gain ({@code std = sqrt(2 / (out * k * k))}).
   */
  public static JitModule conv2d(
      long in, long out, long k, long stride, long padding, boolean bias) {
    JitModule m = module(unique("Conv2d"));
    double std = Math.sqrt(2.0 / (out * k * k));
    m.register_parameter("weight", torch.randn(out, in, k, k).mul(new Scalar(std)), false);
    String b = "None";
    if (bias) {
      m.register_parameter("bias", torch.zeros(out), false);
      b = "self.bias";
    }
    define(
        m,
        """
        def forward(self, x):
            return torch.conv2d(x, self.weight, %s, [%d, %d], [%d, %d], [1, 1], 1)
        """
            .formatted(b, stride, stride, padding, padding));
    return m;
  }

  /** {@code nn.BatchNorm2d(c)} as torchvision initializes it: weight 1, bias 0, mean 0, var 1. */
  public static JitModule batchNorm2d(long c) {
    JitModule m = module(unique("BatchNorm2d"));
    m.register_parameter("weight", torch.ones(c), false);
    m.register_parameter("bias", torch.zeros(c), false);
    m.register_buffer("running_mean", torch.zeros(c));
    m.register_buffer("running_var", torch.ones(c));
    m.register_buffer("num_batches_tracked", Tensor.create(new long[] {0}, new long[0]));
    define(
        m,
        """
        def forward(self, x):
            return torch.batch_norm(x, self.weight, self.bias, self.running_mean,
                                    self.running_var, self.training, 0.1, 1e-5, False)
        """);
    return m;
  }

  /**
   * {@code nn.Linear(in, out)} with PyTorch's default init: weight and bias uniform in {@code
   * ±1/sqrt(in)} (kaiming-uniform with {@code a = sqrt(5)} gives the same bound for the weight).
   */
  public static JitModule linear(long in, long out) {
    JitModule m = module(unique("Linear"));
    double bound = 1.0 / Math.sqrt(in);
    m.register_parameter("weight", uniform(bound, out, in), false);
    m.register_parameter("bias", uniform(bound, out), false);
    define(
        m,
        """
        def forward(self, x):
            return torch.linear(x, self.weight, self.bias)
        """);
    return m;
  }

  /** Uniform in {@code [-bound, bound)}. */
  public static Tensor uniform(double bound, long... shape) {
    return torch.rand(shape).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
  }

  /**
   * {@code nn.Sequential} of {@code children}, registered under {@code "0"}, {@code "1"}, ... so
   * that state-dict keys read {@code layer1.0.conv1.weight}.
   */
  public static JitModule sequential(JitModule... children) {
    java.util.LinkedHashMap<String, JitModule> named = new java.util.LinkedHashMap<>();
    for (int i = 0; i < children.length; i++) {
      named.put(Integer.toString(i), children[i]);
    }
    return sequential(named);
  }

  /** {@code nn.Sequential(OrderedDict(children))}: children called in order, under their names. */
  public static JitModule sequential(java.util.Map<String, JitModule> children) {
    JitModule m = module(unique("Sequential"));
    StringBuilder src = new StringBuilder("def forward(self, x):\n");
    children.forEach(
        (name, child) -> {
          m.register_module(name, child);
          src.append("    x = getattr(self, \"").append(name).append("\").forward(x)\n");
        });
    src.append("    return x\n");
    define(m, src.toString());
    return m;
  }

  /** A parameterless module applying one TorchScript expression of {@code x} ({@code nn.GELU}). */
  public static JitModule function(String cls, String expression) {
    JitModule m = module(unique(cls));
    define(m, "def forward(self, x):\n    return " + expression + "\n");
    return m;
  }

  /** {@code nn.LayerNorm(d, eps)}: weight 1, bias 0. */
  public static JitModule layerNorm(long d, double eps) {
    JitModule m = module(unique("LayerNorm"));
    m.register_parameter("weight", torch.ones(d), false);
    m.register_parameter("bias", torch.zeros(d), false);
    define(
        m,
        """
        def forward(self, x):
            return torch.layer_norm(x, [%d], self.weight, self.bias, %s)
        """
            .formatted(d, Double.toString(eps)));
    return m;
  }
}
