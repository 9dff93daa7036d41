"""Saves the model zoo: small torchvision, torch.nn and Hugging Face models as TorchScript files.

For each model it writes, into the output folder (default: the examples module's test resources):

  NAME.script.pt  torch.jit.script of the model (when Python can script it)
  NAME.trace.pt   torch.jit.trace of the model on the fixed input (when Python can trace it)
  NAME.io.pt      a scripted container module whose buffers input_0, input_1, ... hold the fixed
                  input and output_0, output_1, ... Python's eager output, flattened
  manifest.tsv    one row per model and variant (script, trace): files, sizes, inputs, outputs,
                  and why a variant could not be made; '#' lines give the Python versions

Every model runs in eval mode with torch.manual_seed fixed. Configurations are small (tiny widths and
depths) but run the same code as the full models. Outputs that are tuples, lists or dicts are
flattened depth-first into a list of tensors (dicts in insertion order, None dropped). Inputs are
always passed positionally as tensors.

Run by hand (never by the tests): see README.md next to this file.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib
import math
import os
import platform
import sys
import warnings
from pathlib import Path
from typing import Callable

import torch
import torchvision
from torch import nn

# torchvision.models re-exports functions named like these modules, so import the modules by path.
tv_googlenet = importlib.import_module("torchvision.models.googlenet")
tv_inception = importlib.import_module("torchvision.models.inception")
tv_resnet = importlib.import_module("torchvision.models.resnet")

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "examples/src/test/resources/zoo"


@dataclasses.dataclass
class Model:
    """One zoo entry: how to build the module and its fixed input."""

    name: str
    family: str
    build: Callable[[], nn.Module]
    inputs: Callable[[], tuple[torch.Tensor, ...]]
    input_names: tuple[str, ...]
    script: bool = True
    trace: bool = True
    trace_no_grad: bool = False  # trace under torch.no_grad (eval fast paths)
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Building blocks: small versions of torchvision models that keep torchvision's forward code.


class SmallResNet(tv_resnet.ResNet):
    """torchvision's ResNet (its _make_layer, blocks and forward) with stage widths of our choosing."""

    def __init__(self, block, layers, widths, num_classes=10, groups=1, width_per_group=64):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)


def small_resnet18():
    return SmallResNet(tv_resnet.BasicBlock, [2, 2, 2, 2], [8, 16, 32, 64])


def small_resnet50():
    return SmallResNet(tv_resnet.Bottleneck, [1, 1, 1, 1], [8, 16, 32, 64])


def small_resnext():
    return SmallResNet(tv_resnet.Bottleneck, [1, 1, 1, 1], [8, 16, 32, 64], groups=4, width_per_group=16)


def narrow_conv(conv_class, divisor):
    """A conv_block factory for GoogLeNet/Inception v3 that divides every channel count (except the
    3 image channels) by divisor, so torchvision's own block classes build a narrow network."""

    def make(in_channels, out_channels, **kwargs):
        def scale(c):
            return c if c == 3 else c // divisor

        return conv_class(scale(in_channels), scale(out_channels), **kwargs)

    return make


def small_resnet_backbone():
    return SmallResNet(tv_resnet.BasicBlock, [1, 1, 1, 1], [8, 16, 32, 64])


def small_googlenet():
    conv = narrow_conv(tv_googlenet.BasicConv2d, 16)
    blocks = [conv, functools.partial(tv_googlenet.Inception, conv_block=conv), tv_googlenet.InceptionAux]
    m = tv_googlenet.GoogLeNet(
        num_classes=10, aux_logits=False, transform_input=False, init_weights=False, blocks=blocks
    )
    m.fc = nn.Linear(1024 // 16, 10)
    return m


def small_inception_v3():
    conv = narrow_conv(tv_inception.BasicConv2d, 16)
    blocks = [conv] + [
        functools.partial(b, conv_block=conv)
        for b in (
            tv_inception.InceptionA,
            tv_inception.InceptionB,
            tv_inception.InceptionC,
            tv_inception.InceptionD,
            tv_inception.InceptionE,
            tv_inception.InceptionAux,
        )
    ]
    m = tv_inception.Inception3(
        num_classes=10, aux_logits=False, transform_input=False, init_weights=False, inception_blocks=blocks
    )
    m.fc = nn.Linear(2048 // 16, 10)
    return m


def small_vgg():
    from torchvision.models.vgg import VGG, make_layers

    m = VGG(make_layers([8, "M", 16, "M", 32, 32, "M"], batch_norm=True), num_classes=10, init_weights=False)
    # torchvision's classifier layout (Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear), narrow.
    m.classifier = nn.Sequential(
        nn.Linear(32 * 7 * 7, 32),
        nn.ReLU(True),
        nn.Dropout(0.5),
        nn.Linear(32, 32),
        nn.ReLU(True),
        nn.Dropout(0.5),
        nn.Linear(32, 10),
    )
    return m


def small_alexnet():
    m = torchvision.models.AlexNet(num_classes=10)
    # torchvision's feature and classifier layouts with channels divided by 8 (hidden 4096 -> 64).
    m.features = nn.Sequential(
        nn.Conv2d(3, 8, kernel_size=11, stride=4, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(8, 24, kernel_size=5, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(24, 48, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(48, 32, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(32, 32, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
    )
    m.classifier = nn.Sequential(
        nn.Dropout(0.5),
        nn.Linear(32 * 6 * 6, 64),
        nn.ReLU(inplace=True),
        nn.Dropout(0.5),
        nn.Linear(64, 64),
        nn.ReLU(inplace=True),
        nn.Linear(64, 10),
    )
    return m


def small_squeezenet():
    from torchvision.models.squeezenet import Fire, SqueezeNet

    m = SqueezeNet(version="1_1", num_classes=10)
    # squeezenet1_1's layout (conv, pool, Fire, Fire, pool, Fire, Fire, pool, Fire...) at 1/4 width.
    m.features = nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=3, stride=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 4, 8, 8),
        Fire(16, 4, 8, 8),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 8, 16, 16),
        Fire(32, 8, 16, 16),
    )
    m.classifier[1] = nn.Conv2d(32, 10, kernel_size=1)
    return m


def small_mobilenet_v3(arch):
    from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf

    setting, last_channel = _mobilenet_v3_conf(arch, width_mult=0.25)
    return MobileNetV3(setting, last_channel, num_classes=10)


def small_efficientnet_b0():
    from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf

    setting, last_channel = _efficientnet_conf("efficientnet_b0", width_mult=0.25, depth_mult=0.25)
    return EfficientNet(setting, dropout=0.2, stochastic_depth_prob=0.0, num_classes=10, last_channel=last_channel)


def small_efficientnet_v2():
    from torchvision.models.efficientnet import EfficientNet, FusedMBConvConfig, MBConvConfig

    # efficientnet_v2_s's block kinds (FusedMBConv stages, then MBConv stages), narrow and shallow.
    setting = [
        FusedMBConvConfig(1, 3, 1, 8, 8, 1),
        FusedMBConvConfig(4, 3, 2, 8, 16, 1),
        MBConvConfig(4, 3, 2, 16, 24, 1),
        MBConvConfig(6, 3, 1, 24, 32, 1),
    ]
    return EfficientNet(setting, dropout=0.2, stochastic_depth_prob=0.0, num_classes=10, last_channel=64)


def small_regnet():
    from torchvision.models.regnet import BlockParams, RegNet

    params = BlockParams.from_init_params(depth=4, w_0=8, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25)
    return RegNet(params, num_classes=10, stem_width=8)


def small_convnext():
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt

    blocks = [CNBlockConfig(8, 16, 1), CNBlockConfig(16, 32, 2), CNBlockConfig(32, None, 1)]
    return ConvNeXt(blocks, stochastic_depth_prob=0.0, num_classes=10)


def small_swin(v2):
    from torchvision.models import swin_transformer as sw

    extra = dict(block=sw.SwinTransformerBlockV2, downsample_layer=sw.PatchMergingV2) if v2 else {}
    return sw.SwinTransformer(
        patch_size=[4, 4],
        embed_dim=16,
        depths=[2, 2],
        num_heads=[2, 4],
        window_size=[4, 4],
        stochastic_depth_prob=0.0,
        num_classes=10,
        **extra,
    )


def small_maxvit():
    from torchvision.models.maxvit import MaxVit

    return MaxVit(
        input_size=(32, 32),
        stem_channels=8,
        partition_size=2,
        block_channels=[16, 32],
        block_layers=[1, 1],
        head_dim=8,
        stochastic_depth_prob=0.0,
        num_classes=10,
    )


def small_fcn():
    from torchvision.models._utils import IntermediateLayerGetter
    from torchvision.models.segmentation.fcn import FCN, FCNHead

    backbone = IntermediateLayerGetter(small_resnet_backbone(), return_layers={"layer4": "out"})
    return FCN(backbone, FCNHead(64, 3))


def small_deeplabv3():
    from torchvision.models._utils import IntermediateLayerGetter
    from torchvision.models.segmentation.deeplabv3 import ASPP, DeepLabV3

    backbone = IntermediateLayerGetter(small_resnet_backbone(), return_layers={"layer4": "out"})
    # DeepLabHead's layout with 16 instead of 256 channels.
    head = nn.Sequential(
        ASPP(64, [1, 2, 3], out_channels=16),
        nn.Conv2d(16, 16, 3, padding=1, bias=False),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.Conv2d(16, 3, 1),
    )
    return DeepLabV3(backbone, head)


def small_lraspp():
    from torchvision.models.segmentation.lraspp import _lraspp_mobilenetv3

    # torchvision builds LRASPP on mobilenet_v3_large; the small one has the same block kinds and
    # keeps the zoo test fast.
    backbone = torchvision.models.mobilenet_v3_small(weights=None, width_mult=0.25, dilated=True)
    return _lraspp_mobilenetv3(backbone, 3)


def small_fpn():
    from torchvision.models.detection.backbone_utils import BackboneWithFPN
    from torchvision.ops.feature_pyramid_network import LastLevelMaxPool

    layers = {"layer1": "0", "layer2": "1", "layer3": "2", "layer4": "3"}
    return BackboneWithFPN(small_resnet_backbone(), layers, [8, 16, 32, 64], 16, extra_blocks=LastLevelMaxPool())


# ---------------------------------------------------------------------------------------------
# torch.nn recurrent and attention layers.


class Recurrent(nn.Module):
    """An LSTM, GRU or RNN called with its input alone: torch.jit.script of the bare layer has no
    forward (it is overloaded), a module that calls it does."""

    def __init__(self, rnn: nn.Module):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)


class LSTMWithState(nn.Module):
    """An LSTM called with explicit initial states (h0, c0) as separate tensor inputs."""

    def __init__(self, lstm: nn.LSTM):
        super().__init__()
        self.lstm = lstm

    def forward(self, x, h0, c0):
        return self.lstm(x, (h0, c0))


class RNNWithState(nn.Module):
    """A GRU or RNN called with an explicit initial state."""

    def __init__(self, rnn: nn.Module):
        super().__init__()
        self.rnn = rnn

    def forward(self, x, h0):
        return self.rnn(x, h0)


class SelfAttention(nn.Module):
    """MultiheadAttention called as self-attention (query is key is value), weights not returned."""

    def __init__(self, mha: nn.MultiheadAttention):
        super().__init__()
        self.mha = mha

    def forward(self, x):
        return self.mha(x, x, x, need_weights=False)[0]


class EncoderWithMasks(nn.Module):
    """A TransformerEncoder called with a causal float mask and a boolean key-padding mask."""

    def __init__(self, encoder: nn.TransformerEncoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, src, mask, src_key_padding_mask):
        return self.encoder(src, mask=mask, src_key_padding_mask=src_key_padding_mask)


def encoder_layer(**kw):
    return nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, dropout=0.0, batch_first=True, **kw)


# ---------------------------------------------------------------------------------------------
# Hugging Face transformers, tiny configs, random weights, called with return_dict=False.


class HFEncoder(nn.Module):
    """A transformers model called as model(input_ids, attention_mask), returning a tuple."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, return_dict=False)


class HFSeq2Seq(nn.Module):
    """An encoder-decoder transformers model called with decoder_input_ids, returning a tuple."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, decoder_input_ids):
        return self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            decoder_input_ids=decoder_input_ids,
            return_dict=False,
        )


def hf_bert(attn):
    from transformers import BertConfig, BertModel

    cfg = BertConfig(
        vocab_size=99,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=32,
        attn_implementation=attn,
    )
    return HFEncoder(BertModel(cfg))


def hf_gpt2():
    from transformers import GPT2Config, GPT2LMHeadModel

    cfg = GPT2Config(
        vocab_size=99, n_positions=32, n_embd=16, n_layer=2, n_head=2, use_cache=False, attn_implementation="eager"
    )
    return HFEncoder(GPT2LMHeadModel(cfg))


def hf_t5():
    from transformers import T5Config, T5Model

    cfg = T5Config(
        vocab_size=99,
        d_model=16,
        d_kv=8,
        d_ff=32,
        num_layers=2,
        num_heads=2,
        use_cache=False,
        decoder_start_token_id=0,
        attn_implementation="eager",
    )
    return HFSeq2Seq(T5Model(cfg))


def hf_bart():
    from transformers import BartConfig, BartModel

    cfg = BartConfig(
        vocab_size=99,
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=32,
        use_cache=False,
        attn_implementation="eager",
    )
    return HFSeq2Seq(BartModel(cfg))


# ---------------------------------------------------------------------------------------------
# Inputs.


def image(n=2, size=32):
    return lambda: (torch.randn(n, 3, size, size),)


def tokens_and_mask():
    ids = torch.randint(1, 99, (2, 7))
    mask = torch.ones(2, 7, dtype=torch.long)
    mask[1, 5:] = 0
    return ids, mask


def seq2seq_tokens():
    ids, mask = tokens_and_mask()
    return ids, mask, torch.randint(1, 99, (2, 5))


def causal_and_padding():
    src = torch.randn(2, 6, 16)
    causal = nn.Transformer.generate_square_subsequent_mask(6)
    padding = torch.zeros(2, 6, dtype=torch.bool)
    padding[1, 4:] = True
    return src, causal, padding


IMG = ("x",)


def zoo() -> list[Model]:
    tv = torchvision.models
    return [
        Model(
            "vit",
            "VisionTransformer",
            lambda: tv.VisionTransformer(
                image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64, num_classes=10
            ),
            image(),
            IMG,
        ),
        Model("resnet18", "ResNet", small_resnet18, image(), IMG, note="BasicBlock [2,2,2,2], widths 8-64"),
        Model("resnet50", "ResNet", small_resnet50, image(), IMG, note="Bottleneck [1,1,1,1], widths 8-64"),
        Model("resnext", "ResNeXt", small_resnext, image(), IMG, note="Bottleneck, groups 4, width/group 16"),
        Model("mobilenet_v2", "MobileNetV2", lambda: tv.MobileNetV2(num_classes=10, width_mult=0.25), image(), IMG),
        Model("mobilenet_v3_small", "MobileNetV3", lambda: small_mobilenet_v3("mobilenet_v3_small"), image(), IMG),
        Model("efficientnet_b0", "EfficientNet", small_efficientnet_b0, image(), IMG),
        Model("efficientnet_v2", "EfficientNetV2", small_efficientnet_v2, image(), IMG),
        Model("regnet", "RegNet", small_regnet, image(), IMG),
        Model("convnext", "ConvNeXt", small_convnext, image(), IMG),
        Model(
            "densenet",
            "DenseNet",
            lambda: tv.DenseNet(growth_rate=8, block_config=(2, 2, 2), num_init_features=16, bn_size=2, num_classes=10),
            image(),
            IMG,
        ),
        Model(
            "shufflenet_v2",
            "ShuffleNetV2",
            lambda: tv.ShuffleNetV2([2, 2, 2], [8, 16, 32, 64, 128], num_classes=10),
            image(),
            IMG,
        ),
        Model("squeezenet", "SqueezeNet", small_squeezenet, image(), IMG),
        Model("mnasnet", "MNASNet", lambda: tv.MNASNet(alpha=0.1, num_classes=10), image(), IMG),
        Model("googlenet", "GoogLeNet", small_googlenet, image(), IMG, note="channels / 16"),
        Model("inception_v3", "Inception3", small_inception_v3, image(size=75), IMG, note="channels / 16"),
        Model("vgg", "VGG", small_vgg, image(), IMG),
        Model("alexnet", "AlexNet", small_alexnet, image(size=63), IMG),
        Model("swin", "SwinTransformer", lambda: small_swin(False), image(), IMG),
        Model("swin_v2", "SwinTransformerV2", lambda: small_swin(True), image(), IMG),
        Model("maxvit", "MaxVit", small_maxvit, image(), IMG),
        Model("fcn", "FCN (segmentation)", small_fcn, image(), IMG),
        Model("deeplabv3", "DeepLabV3 (segmentation)", small_deeplabv3, image(), IMG),
        Model("lraspp", "LRASPP (segmentation)", small_lraspp, image(), IMG),
        Model("resnet_fpn", "BackboneWithFPN (detection)", small_fpn, image(size=64), IMG),
        Model(
            "lstm",
            "LSTM",
            lambda: Recurrent(nn.LSTM(8, 16, num_layers=2, bidirectional=True, batch_first=True)),
            lambda: (torch.randn(2, 5, 8),),
            ("input",),
            note="2 layers, bidirectional, batch_first",
        ),
        Model(
            "lstm_proj",
            "LSTM",
            lambda: Recurrent(nn.LSTM(8, 16, num_layers=1, proj_size=4)),
            lambda: (torch.randn(5, 2, 8),),
            ("input",),
            note="proj_size 4, sequence first",
        ),
        Model(
            "lstm_state",
            "LSTM",
            lambda: LSTMWithState(nn.LSTM(8, 16, num_layers=2)),
            lambda: (torch.randn(5, 2, 8), torch.randn(2, 2, 16), torch.randn(2, 2, 16)),
            ("x", "h0", "c0"),
            note="2 layers, initial states given",
        ),
        Model("lstm_cell", "LSTMCell", lambda: nn.LSTMCell(8, 16), lambda: (torch.randn(2, 8),), ("input",)),
        Model(
            "gru",
            "GRU",
            lambda: Recurrent(nn.GRU(8, 16, num_layers=2, bidirectional=True, batch_first=True)),
            lambda: (torch.randn(2, 5, 8),),
            ("input",),
            note="2 layers, bidirectional, batch_first",
        ),
        Model(
            "gru_state",
            "GRU",
            lambda: RNNWithState(nn.GRU(8, 16, num_layers=1)),
            lambda: (torch.randn(5, 2, 8), torch.randn(1, 2, 16)),
            ("x", "h0"),
        ),
        Model("gru_cell", "GRUCell", lambda: nn.GRUCell(8, 16), lambda: (torch.randn(2, 8),), ("input",)),
        Model(
            "rnn_tanh",
            "RNN",
            lambda: Recurrent(nn.RNN(8, 16, num_layers=2)),
            lambda: (torch.randn(5, 2, 8),),
            ("input",),
            note="tanh, 2 layers",
        ),
        Model(
            "rnn_relu",
            "RNN",
            lambda: Recurrent(nn.RNN(8, 16, nonlinearity="relu", bidirectional=True, batch_first=True)),
            lambda: (torch.randn(2, 5, 8),),
            ("input",),
            note="relu, bidirectional, batch_first",
        ),
        Model("rnn_cell", "RNNCell", lambda: nn.RNNCell(8, 16), lambda: (torch.randn(2, 8),), ("input",)),
        Model(
            "transformer_encoder",
            "TransformerEncoder",
            lambda: nn.TransformerEncoder(encoder_layer(), num_layers=2, enable_nested_tensor=False),
            lambda: (torch.randn(2, 6, 16),),
            ("src",),
            note="called with src only (mask arguments defaulted)",
        ),
        Model(
            "transformer_encoder_masked",
            "TransformerEncoder",
            lambda: EncoderWithMasks(
                nn.TransformerEncoder(encoder_layer(norm_first=True, activation="gelu"), 2, enable_nested_tensor=False)
            ),
            causal_and_padding,
            ("src", "mask", "src_key_padding_mask"),
            note="norm_first, gelu, causal float mask and boolean padding mask",
        ),
        Model(
            "transformer_encoder_fastpath",
            "TransformerEncoder",
            lambda: nn.TransformerEncoder(encoder_layer(), num_layers=2, enable_nested_tensor=False),
            lambda: (torch.randn(2, 6, 16),),
            ("src",),
            script=False,
            trace_no_grad=True,
            note="traced under no_grad: the eval fast path",
        ),
        Model(
            "transformer_decoder",
            "TransformerDecoder",
            lambda: nn.TransformerDecoder(
                nn.TransformerDecoderLayer(16, 2, 32, dropout=0.0, batch_first=True), num_layers=2
            ),
            lambda: (torch.randn(2, 5, 16), torch.randn(2, 6, 16)),
            ("tgt", "memory"),
        ),
        Model(
            "transformer",
            "Transformer",
            lambda: nn.Transformer(16, 2, 2, 2, 32, dropout=0.0, batch_first=True),
            lambda: (torch.randn(2, 6, 16), torch.randn(2, 5, 16)),
            ("src", "tgt"),
        ),
        Model(
            "multihead_attention",
            "MultiheadAttention",
            lambda: nn.MultiheadAttention(16, 2, batch_first=True),
            lambda: (torch.randn(2, 5, 16), torch.randn(2, 6, 16), torch.randn(2, 6, 16)),
            ("query", "key", "value"),
        ),
        Model(
            "multihead_attention_kvdim",
            "MultiheadAttention",
            lambda: nn.MultiheadAttention(16, 2, kdim=8, vdim=12),
            lambda: (torch.randn(5, 2, 16), torch.randn(6, 2, 8), torch.randn(6, 2, 12)),
            ("query", "key", "value"),
            note="separate key/value projections, sequence first",
        ),
        Model(
            "self_attention_fastpath",
            "MultiheadAttention",
            lambda: SelfAttention(nn.MultiheadAttention(16, 2, batch_first=True)),
            lambda: (torch.randn(2, 5, 16),),
            ("x",),
            script=False,
            trace_no_grad=True,
            note="traced under no_grad: the eval fast path",
        ),
        Model("bert", "BERT (transformers)", lambda: hf_bert("eager"), tokens_and_mask, ("input_ids", "attention_mask")),
        Model(
            "bert_sdpa",
            "BERT (transformers)",
            lambda: hf_bert("sdpa"),
            tokens_and_mask,
            ("input_ids", "attention_mask"),
            script=False,
            note="scaled_dot_product_attention",
        ),
        Model("gpt2", "GPT-2 (transformers)", hf_gpt2, tokens_and_mask, ("input_ids", "attention_mask")),
        Model("t5", "T5 (transformers)", hf_t5, seq2seq_tokens, ("input_ids", "attention_mask", "decoder_input_ids")),
        Model(
            "bart", "BART (transformers)", hf_bart, seq2seq_tokens, ("input_ids", "attention_mask", "decoder_input_ids")
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Saving.


def randomize_norm_statistics(m: nn.Module):
    """Gives batch norms non-trivial running statistics and affine parameters, so that eval-mode
    normalization is not the identity it is right after construction."""
    g = torch.Generator().manual_seed(1234)
    for mod in m.modules():
        if isinstance(mod, nn.modules.batchnorm._BatchNorm) and mod.running_mean is not None:
            with torch.no_grad():
                mod.running_mean.copy_(torch.randn(mod.running_mean.shape, generator=g) * 0.1)
                mod.running_var.copy_(torch.rand(mod.running_var.shape, generator=g) + 0.5)
                if mod.weight is not None:
                    mod.weight.copy_(torch.rand(mod.weight.shape, generator=g) + 0.5)
                    mod.bias.copy_(torch.randn(mod.bias.shape, generator=g) * 0.1)


def flatten(value) -> list[torch.Tensor]:
    """Tensors of a nested output, depth-first: tuples/lists in order, dicts in insertion order,
    None dropped."""
    if value is None:
        return []
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in flatten(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in flatten(v)]
    raise TypeError(f"unexpected output type {type(value).__name__}")


class Fixture(nn.Module):
    """Holds a model's inputs and outputs as buffers input_0.. and output_0.. (loadable with
    libtorch alone)."""

    def __init__(self, inputs, outputs):
        super().__init__()
        for i, t in enumerate(inputs):
            self.register_buffer(f"input_{i}", t.detach().clone())
        for i, t in enumerate(outputs):
            self.register_buffer(f"output_{i}", t.detach().clone())

    def forward(self) -> int:
        return 0


def describe(tensors) -> str:
    return ";".join(f"{str(t.dtype).removeprefix('torch.')}{list(t.shape)}".replace(" ", "") for t in tensors)


def first_line(e: BaseException) -> str:
    text = f"{type(e).__name__}: {e}".strip()
    return text.splitlines()[0][:200].replace("\t", " ")


def check_same(expected, got) -> str:
    """Empty when the reloaded module reproduces the eager output, else what differs."""
    if len(expected) != len(got):
        return f"reloaded module returns {len(got)} tensors, eager {len(expected)}"
    for i, (e, g) in enumerate(zip(expected, got)):
        if e.shape != g.shape or not torch.allclose(e, g, rtol=1e-5, atol=1e-5 * (1 + e.abs().max().item())):
            return f"reloaded module's output {i} differs from eager"
    return ""


def save_variant(model, spec, variant, inputs, expected, out_dir):
    path = out_dir / f"{spec.name}.{variant}.pt"
    if variant == "script":
        saved = torch.jit.script(model)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if spec.trace_no_grad:
                with torch.no_grad():
                    saved = torch.jit.trace(model, inputs, strict=False, check_trace=False)
            else:
                saved = torch.jit.trace(model, inputs, strict=False, check_trace=False)
    torch.jit.save(saved, str(path))
    reloaded = torch.jit.load(str(path))
    with torch.no_grad():
        got = flatten(reloaded(*inputs))
    return path, check_same(expected, got)


def make(spec: Model, out_dir: Path) -> list[dict]:
    torch.manual_seed(0)
    model = spec.build()
    randomize_norm_statistics(model)
    model.eval()
    torch.manual_seed(1)
    inputs = spec.inputs()
    with torch.no_grad():
        expected = [t.detach().clone() for t in flatten(model(*inputs))]
    fixture = torch.jit.script(Fixture(inputs, expected))
    io_path = out_dir / f"{spec.name}.io.pt"
    torch.jit.save(fixture, str(io_path))
    params = sum(p.numel() for p in model.parameters())
    rows = []
    for variant, wanted in (("script", spec.script), ("trace", spec.trace)):
        row = dict(
            name=spec.name,
            family=spec.family,
            variant=variant,
            file="-",
            bytes=0,
            io_file=io_path.name,
            io_bytes=io_path.stat().st_size,
            parameters=params,
            inputs=";".join(f"{n}:{d}" for n, d in zip(spec.input_names, describe(inputs).split(";"))),
            outputs=describe(expected),
            note=spec.note,
        )
        if not wanted:
            row["note"] = "; ".join(x for x in (spec.note, f"not made: {variant} not applicable") if x)
        else:
            try:
                path, mismatch = save_variant(model, spec, variant, inputs, expected, out_dir)
                row["file"] = path.name
                row["bytes"] = path.stat().st_size
                if mismatch:
                    row["note"] = "; ".join(x for x in (spec.note, mismatch) if x)
            except Exception as e:  # noqa: BLE001 - recorded in the manifest, the others go on
                row["note"] = "; ".join(x for x in (spec.note, f"not made: {first_line(e)}") if x)
        rows.append(row)
        print(f"{spec.name:32s} {variant:6s} {row['file']:36s} {row['bytes']:>9d}  {row['note']}", flush=True)
    return rows


COLUMNS = ("name", "family", "variant", "file", "bytes", "io_file", "io_bytes", "parameters", "inputs", "outputs", "note")


def versions() -> str:
    import transformers

    return (
        f"python {platform.python_version()}, torch {torch.__version__}, "
        f"torchvision {torchvision.__version__}, transformers {transformers.__version__}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--only", nargs="*", help="make only these models (by name)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    rows = []
    for spec in zoo():
        if args.only and spec.name not in args.only:
            continue
        rows.extend(make(spec, args.out))
    if args.only:
        return
    total = sum(r["bytes"] for r in rows) + sum({r["io_file"]: r["io_bytes"] for r in rows}.values())
    with open(args.out / "manifest.tsv", "w") as f:
        f.write(f"# made by scripts/zoo/make_zoo.py with {versions()}\n")
        f.write("# inputs are passed positionally as tensors; outputs are flattened (see make_zoo.py)\n")
        f.write(f"# {len({r['name'] for r in rows})} models, {len({r['family'] for r in rows})} families, {total} bytes\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")
    print(f"{len(rows)} rows, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
