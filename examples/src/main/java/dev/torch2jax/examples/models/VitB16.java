package dev.torch2jax.examples.models;

import static dev.torch2jax.examples.models.Modules.define;
import static dev.torch2jax.examples.models.Modules.function;
import static dev.torch2jax.examples.models.Modules.layerNorm;
import static dev.torch2jax.examples.models.Modules.linear;
import static dev.torch2jax.examples.models.Modules.module;
import static dev.torch2jax.examples.models.Modules.sequential;
import static dev.torch2jax.examples.models.Modules.uniform;
import static dev.torch2jax.examples.models.Modules.unique;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.global.torch;

/**
 * torchvision's {@code VisionTransformer} ({@code vit_b_16} by default) as a TorchScript module
 * built in Java: the same module tree, names and shapes ({@code conv_proj.weight}, {@code
 * class_token}, {@code encoder.pos_embedding}, {@code
 * encoder.layers.encoder_layer_0.self_attention.in_proj_weight}, {@code .mlp.0.weight}, {@code
 * .mlp.3.weight}, {@code encoder.ln.weight}, {@code heads.head.weight}) and torchvision's
 * initialization.
 *
 * @param imageSize input side
 * @param patchSize patch side
 * @param layers encoder blocks
 * @param heads attention heads
 * @param hidden hidden width
 * @param mlp MLP width
 * @param classes number of classes
 */
public record VitB16(
    long imageSize, long patchSize, long layers, long heads, long hidden, long mlp, long classes) {

  /** {@code vit_b_16}: 224, 16, 12 layers, 12 heads, 768, 3072, 1000 classes. */
  public static final VitB16 B16 = new VitB16(224, 16, 12, 12, 768, 3072, 1000);

  /** Sequence length: patches plus the class token. */
  public long seqLength() {
    return (imageSize / patchSize) * (imageSize / patchSize) + 1;
  }

  /**
   * A freshly initialized model. {@code zeroHead}: torchvision's init of the classifier head
   * (zeros, so every logit is 0 until trained); false gives the head {@code nn.Linear}'s default
   * init, which a forward comparison needs.
   */
  public JitModule build(boolean zeroHead) {
    JitModule net = module("VisionTransformer");
    JitModule convProj = module(unique("Conv2d"));
    long fanIn = 3 * patchSize * patchSize;
    convProj.register_parameter(
        "weight",
        torch.randn(hidden, 3, patchSize, patchSize).mul(new Scalar(Math.sqrt(1.0 / fanIn))),
        false);
    convProj.register_parameter("bias", torch.zeros(hidden), false);
    define(
        convProj,
        """
        def forward(self, x):
            return torch.conv2d(x, self.weight, self.bias, [%d, %d], [0, 0], [1, 1], 1)
        """
            .formatted(patchSize, patchSize));
    net.register_parameter("class_token", torch.zeros(1, 1, hidden), false);
    net.register_module("conv_proj", convProj);
    net.register_module("encoder", encoder());
    JitModule head = linear(hidden, classes);
    if (zeroHead) {
      head = module(unique("Linear"));
      head.register_parameter("weight", torch.zeros(classes, hidden), false);
      head.register_parameter("bias", torch.zeros(classes), false);
      define(
          head,
          """
          def forward(self, x):
              return torch.linear(x, self.weight, self.bias)
          """);
    }
    Map<String, JitModule> heads = new LinkedHashMap<>();
    heads.put("head", head);
    net.register_module("heads", sequential(heads));
    long side = imageSize / patchSize;
    define(
        net,
        """
        def forward(self, x):
            n = x.size(0)
            x = self.conv_proj.forward(x)
            x = x.reshape(n, %d, %d)
            x = x.permute(0, 2, 1)
            batch_class_token = self.class_token.expand(n, -1, -1)
            x = torch.cat([batch_class_token, x], 1)
            x = self.encoder.forward(x)
            x = x[:, 0]
            return self.heads.forward(x)
        """
            .formatted(hidden, side * side));
    return net;
  }

  private JitModule encoder() {
    JitModule enc = module(unique("Encoder"));
    enc.register_parameter(
        "pos_embedding", torch.randn(1, seqLength(), hidden).mul(new Scalar(0.02)), false);
    Map<String, JitModule> blocks = new LinkedHashMap<>();
    for (int i = 0; i < layers; i++) {
      blocks.put("encoder_layer_" + i, encoderBlock());
    }
    enc.register_module("layers", sequential(blocks));
    enc.register_module("ln", layerNorm(hidden, 1e-6));
    define(
        enc,
        """
        def forward(self, x):
            x = x + self.pos_embedding
            x = torch.dropout(x, 0.0, self.training)
            return self.ln.forward(self.layers.forward(x))
        """);
    return enc;
  }

  private JitModule encoderBlock() {
    JitModule b = module(unique("EncoderBlock"));
    b.register_module("ln_1", layerNorm(hidden, 1e-6));
    b.register_module("self_attention", attention());
    b.register_module("ln_2", layerNorm(hidden, 1e-6));
    b.register_module(
        "mlp",
        sequential(
            mlpLinear(hidden, mlp),
            function("GELU", "torch.gelu(x)"),
            function("Dropout", "torch.dropout(x, 0.0, self.training)"),
            mlpLinear(mlp, hidden),
            function("Dropout", "torch.dropout(x, 0.0, self.training)")));
    define(
        b,
        """
        def forward(self, input):
            x = self.ln_1.forward(input)
            x = self.self_attention.forward(x)
            x = torch.dropout(x, 0.0, self.training)
            x = x + input
            y = self.ln_2.forward(x)
            y = self.mlp.forward(y)
            return x + y
        """);
    return b;
  }

  /** {@code nn.MultiheadAttention(hidden, heads, batch_first=True)} called as self-attention. */
  private JitModule attention() {
    JitModule a = module(unique("MultiheadAttention"));
    a.register_parameter(
        "in_proj_weight",
        uniform(Math.sqrt(6.0 / (hidden + 3 * hidden)), 3 * hidden, hidden),
        false);
    a.register_parameter("in_proj_bias", torch.zeros(3 * hidden), false);
    JitModule out = module(unique("NonDynamicallyQuantizableLinear"));
    out.register_parameter("weight", uniform(1.0 / Math.sqrt(hidden), hidden, hidden), false);
    out.register_parameter("bias", torch.zeros(hidden), false);
    define(
        out,
        """
        def forward(self, x):
            return torch.linear(x, self.weight, self.bias)
        """);
    a.register_module("out_proj", out);
    long hd = hidden / heads;
    define(
        a,
        """
        def forward(self, x):
            n = x.size(0)
            l = x.size(1)
            qkv = torch.linear(x, self.in_proj_weight, self.in_proj_bias)
            q, k, v = qkv.chunk(3, -1)
            q = q.reshape(n, l, %1$d, %2$d).transpose(1, 2)
            k = k.reshape(n, l, %1$d, %2$d).transpose(1, 2)
            v = v.reshape(n, l, %1$d, %2$d).transpose(1, 2)
            o = torch.scaled_dot_product_attention(q, k, v)
            o = o.transpose(1, 2).reshape(n, l, %3$d)
            return self.out_proj.forward(o)
        """
            .formatted(heads, hd, hidden));
    return a;
  }

  /** The MLP's linear layers: xavier-uniform weights, biases normal with std 1e-6. */
  private static JitModule mlpLinear(long in, long out) {
    JitModule m = module(unique("Linear"));
    m.register_parameter("weight", uniform(Math.sqrt(6.0 / (in + out)), out, in), false);
    m.register_parameter("bias", torch.randn(out).mul(new Scalar(1e-6)), false);
    define(
        m,
        """
        def forward(self, x):
            return torch.linear(x, self.weight, self.bias)
        """);
    return m;
  }

  /**
   * Builds (seed {@code seed}), saves to {@code file}, loads back with {@code torch.load}, eval.
   */
  public JitModule buildSaveAndLoad(Path file, long seed, boolean zeroHead) {
    torch.manual_seed(seed);
    build(zeroHead).save(file.toString());
    JitModule m = torch.load(file.toString());
    m.eval();
    return m;
  }
}
