"""Writes the small torch.export fixtures of runtime/src/test/resources/pt2/.

Run by hand with a Python that has torch 2.10 (never by the tests):
    python scripts/export/make_exports.py
For each model NAME it writes
  NAME.training.pt2  torch.export.save of torch.export.export (TRAINING dialect),
  NAME.aten.pt2      the same after run_decompositions() (ATEN dialect, Core ATen),
  NAME.io.pt         a scripted module whose buffers hold the input x, Python's output y and,
                     for training-mode models, the updated buffers (named "new_" + key, dots as _),
  NAME.ts.pt         (some models) torch.jit.script of the same module with the same weights, so
                     tests can take libtorch autograd gradients to compare with.
The dynamic-batch models (mlp_dyn, regroup_dyn) are exported with Dim("batch", min=2, max=16).

With --zoo DIR [--models ...] it instead exports full-size torchvision models (random weights,
eval mode, batch 2 at 224x224) the same way into DIR: too large to commit, for checking by hand.
"""
import argparse
import pathlib
import re

import torch
import torch.nn as nn
from torch.export import Dim

OUT = pathlib.Path(__file__).resolve().parents[2] / "runtime/src/test/resources/pt2"


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class SmallCnn(nn.Module):
    """conv / batch norm (eval) / in-place relu / residual add_ / pools / flatten / linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.pool = nn.MaxPool2d(2)
        self.head = nn.Linear(8, 5)

    def forward(self, x):
        y = torch.relu_(self.bn1(self.conv1(x)))
        y = y + self.conv2(y)
        y = nn.functional.adaptive_avg_pool2d(self.pool(y), 1)
        return self.head(torch.flatten(y, 1)).softmax(-1)


class TrainBn(nn.Module):
    """Training-mode batch norm, a counter buffer bumped in place: buffer mutations."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.register_buffer("counter", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        self.counter.add_(1)
        return self.bn(self.conv(x)).sum(dim=(2, 3))


class Dropper(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(x) * 1.0


class Regroup(nn.Module):
    """Size arithmetic on a dynamic batch (sym_size, _operator.mul), sizes as tensors, keyword
    arguments (dtype, layout, device), non-finite float arguments."""

    def forward(self, x):
        b = x.shape[0]
        y = x.reshape(b * 2, 3).sum(-1).reshape(b, 2) / b
        return y.clamp(min=float("-inf"), max=float("inf")) + x.new_full((1,), float("-inf")).exp()


class IO(nn.Module):
    def __init__(self, tensors):
        super().__init__()
        for k, v in tensors.items():
            self.register_buffer(k, v)

    def forward(self):
        return 0


def save_io(name, tensors):
    torch.jit.script(IO(tensors)).save(str(OUT / f"{name}.io.pt"))


REPO = pathlib.Path(__file__).resolve().parents[2]


def relative(match):
    """A stack-trace file path without this machine's folders: repository files by their path in
    the repository, installed packages from their package folder."""
    path = match.group(1)
    for marker in ("site-packages/", "dist-packages/"):
        if marker in path:
            return f'File "{path.split(marker, 1)[1]}"'
    p = pathlib.Path(path).resolve()
    return f'File "{p.relative_to(REPO) if p.is_relative_to(REPO) else p.name}"'


def save(ep, path):
    for node in ep.graph.nodes:
        if node.meta.get("stack_trace"):
            node.meta["stack_trace"] = re.sub(r'File "([^"]+)"', relative, node.meta["stack_trace"])
    torch.export.save(ep, str(path))


def export_both(name, module, x, dynamic_shapes=None):
    ep = torch.export.export(module, (x,), dynamic_shapes=dynamic_shapes)
    aten = ep.run_decompositions()
    save(ep, OUT / f"{name}.training.pt2")
    save(aten, OUT / f"{name}.aten.pt2")


def eval_model(name, module, x, script=False):
    module = module.eval()
    export_both(name, module, x)
    with torch.no_grad():
        save_io(name, {"x": x, "y": module(x)})
    if script:
        torch.jit.script(module).save(str(OUT / f"{name}.ts.pt"))


ZOO = ["resnet18", "mobilenet_v3_small", "efficientnet_b0", "convnext_tiny", "vit_b_16"]


def export_zoo(out, names):
    import torchvision

    global OUT
    OUT = pathlib.Path(out)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)()
        with torch.no_grad():  # zero-initialized heads (ViT's) would make every output 0
            for p in model.parameters():
                if not p.any():
                    p.normal_(std=0.02)
        eval_model(name, model, torch.randn(2, 3, 224, 224))
        print("exported", name)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    eval_model("mlp", Mlp(), torch.randn(4, 6), script=True)

    cnn = SmallCnn()
    with torch.no_grad():  # non-trivial running statistics
        cnn.bn1.running_mean.uniform_(-0.5, 0.5)
        cnn.bn1.running_var.uniform_(0.5, 2.0)
    eval_model("cnn", cnn, torch.randn(2, 3, 8, 8), script=True)

    batch = Dim("batch", min=2, max=16)
    dyn = Mlp().eval()
    export_both("mlp_dyn", dyn, torch.randn(4, 6), dynamic_shapes={"x": {0: batch}})
    x3, x7 = torch.randn(3, 6), torch.randn(7, 6)
    with torch.no_grad():
        save_io("mlp_dyn", {"x3": x3, "y3": dyn(x3), "x7": x7, "y7": dyn(x7)})

    regroup = Regroup()
    export_both("regroup_dyn", regroup, torch.randn(4, 6), dynamic_shapes={"x": {0: batch}})
    with torch.no_grad():
        save_io("regroup_dyn", {"x3": x3, "y3": regroup(x3), "x7": x7, "y7": regroup(x7)})

    bn = TrainBn().train()
    x = torch.randn(5, 3, 6, 6)
    export_both("train_bn", bn, x)
    with torch.no_grad():
        y = bn(x)
    io = {"x": x, "y": y}
    for k, v in bn.state_dict().items():
        if k.startswith("bn.") or k == "counter":
            io["new_" + k.replace(".", "_")] = v.clone()
    save_io("train_bn", io)

    export_both("dropout", Dropper().train(), torch.randn(64, 32))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--zoo", metavar="DIR", help="export full-size torchvision models to DIR")
    parser.add_argument("--models", nargs="*", default=ZOO, help="with --zoo: which ones")
    args = parser.parse_args()
    if args.zoo:
        export_zoo(args.zoo, args.models)
    else:
        main()
