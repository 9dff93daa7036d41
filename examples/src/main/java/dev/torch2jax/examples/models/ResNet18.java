package dev.torch2jax.examples.models;

import static dev.torch2jax.examples.models.Modules.batchNorm2d;
import static dev.torch2jax.examples.models.Modules.conv2d;
import static dev.torch2jax.examples.models.Modules.define;
import static dev.torch2jax.examples.models.Modules.linear;
import static dev.torch2jax.examples.models.Modules.module;
import static dev.torch2jax.examples.models.Modules.sequential;
import static dev.torch2jax.examples.models.Modules.unique;

import java.nio.file.Path;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;

/**
 * torchvision's {@code resnet18} as a TorchScript module built in Java: the same module tree,
 * parameter and buffer names and shapes ({@code conv1.weight}, {@code bn1.num_batches_tracked},
 * {@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}, {@code fc.weight}), and
 * torchvision's initialization, so a {@code state_dict} saved from torchvision loads key for key.
 */
public final class ResNet18 {
  private ResNet18() {}

  /** A freshly initialized ResNet-18 (seeded by {@code torch.manual_seed} beforehand if wanted). */
  public static JitModule build(long numClasses) {
    JitModule net = module("ResNet");
    net.register_module("conv1", conv2d(3, 64, 7, 2, 3, false));
    net.register_module("bn1", batchNorm2d(64));
    long in = 64;
    long[] widths = {64, 128, 256, 512};
    for (int l = 0; l < 4; l++) {
      long out = widths[l];
      long stride = l == 0 ? 1 : 2;
      JitModule first = basicBlock(in, out, stride);
      JitModule second = basicBlock(out, out, 1);
      net.register_module("layer" + (l + 1), sequential(first, second));
      in = out;
    }
    net.register_module("fc", linear(512, numClasses));
    define(
        net,
        """
        def forward(self, x):
            x = self.conv1.forward(x)
            x = self.bn1.forward(x)
            x = torch.relu(x)
            x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1], [1, 1], False)
            x = self.layer1.forward(x)
            x = self.layer2.forward(x)
            x = self.layer3.forward(x)
            x = self.layer4.forward(x)
            x = torch.adaptive_avg_pool2d(x, [1, 1])
            x = torch.flatten(x, 1)
            return self.fc.forward(x)
        """);
    return net;
  }

  /** torchvision's {@code BasicBlock(in, out, stride)}, with a downsample when shapes change. */
  private static JitModule basicBlock(long in, long out, long stride) {
    JitModule b = module(unique("BasicBlock"));
    b.register_module("conv1", conv2d(in, out, 3, stride, 1, false));
    b.register_module("bn1", batchNorm2d(out));
    b.register_module("conv2", conv2d(out, out, 3, 1, 1, false));
    b.register_module("bn2", batchNorm2d(out));
    String identity = "x";
    if (stride != 1 || in != out) {
      b.register_module(
          "downsample", sequential(conv2d(in, out, 1, stride, 0, false), batchNorm2d(out)));
      identity = "self.downsample.forward(x)";
    }
    define(
        b,
        """
        def forward(self, x):
            out = self.conv1.forward(x)
            out = self.bn1.forward(out)
            out = torch.relu(out)
            out = self.conv2.forward(out)
            out = self.bn2.forward(out)
            out = out + %s
            return torch.relu(out)
        """
            .formatted(identity));
    return b;
  }

  /**
   * Builds a ResNet-18 (seed {@code seed}), saves it to {@code file} and loads it back with {@code
   * torch.load} as a file saved in Python is loaded; the loaded module is in eval mode.
   */
  public static JitModule buildSaveAndLoad(Path file, long seed, long numClasses) {
    torch.manual_seed(seed);
    build(numClasses).save(file.toString());
    JitModule m = torch.load(file.toString());
    m.eval();
    return m;
  }
}
