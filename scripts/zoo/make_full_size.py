"""Full-size torchvision models and Hugging Face BERT-base and GPT-2 (random weights, eval mode) for
the by-hand checks and the benchmark of docs/benchmarks.md: NAME.script.pt / NAME.trace.pt and
NAME.io.pt (buffers x and y: an input and Python's output) in the current directory. Not committed
(hundreds of MB). Run by hand in the environment of scripts/zoo/README.md:

    mkdir -p /tmp/full && cd /tmp/full && python <project>/scripts/zoo/make_full_size.py
    OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.ZooBenchmark /tmp/full
"""
import torch
import torch.nn as nn
import torchvision
from transformers import BertConfig, BertModel, GPT2Config, GPT2LMHeadModel
torch.manual_seed(0)
class IO(nn.Module):
    def __init__(s, x, y): super().__init__(); s.register_buffer("x", x); s.register_buffer("y", y)
    def forward(s): return s.x
def save(name, m, x, script=True, trace=True):
    m = m.eval()
    with torch.no_grad():
        for p in m.parameters():
            if p.abs().sum() == 0: p.normal_(0, 0.02)   # zero-initialised heads would compare 0 with 0
        y = m(x)
        if isinstance(y, dict): y = y["out"]
        torch.jit.script(IO(x, y)).save(f"{name}.io.pt")
        if script:
            try: torch.jit.script(m).save(f"{name}.script.pt")
            except Exception as e: print(name, "script failed", str(e)[:150])
        if trace:
            try: torch.jit.trace(m, (x,), check_trace=False, strict=False).save(f"{name}.trace.pt")
            except Exception as e: print(name, "trace failed", str(e)[:150])
    print("saved", name, flush=True)
M = torchvision.models
x224 = torch.randn(1, 3, 224, 224)
for name in ["resnet18", "resnet50", "alexnet", "vgg11", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0", "convnext_tiny", "regnet_y_400mf", "densenet121", "shufflenet_v2_x1_0", "squeezenet1_0", "mnasnet0_5", "vit_b_16", "swin_t", "maxvit_t"]:
    save(name, getattr(M, name)(), x224)
save("googlenet", M.googlenet(aux_logits=False, init_weights=True), x224)
save("inception_v3", M.inception_v3(aux_logits=False, init_weights=True), torch.randn(1, 3, 299, 299))


class Wrap(nn.Module):
    def __init__(s, m): super().__init__(); s.m = m
    def forward(s, ids): return s.m(ids, return_dict=False)[0]
for name, model in [("bert_base", BertModel(BertConfig())), ("gpt2", GPT2LMHeadModel(GPT2Config()))]:
    w = Wrap(model).eval()
    ids = torch.randint(0, 1000, (1, 32))
    with torch.no_grad():
        y = w(ids)
        torch.jit.script(IO(ids, y)).save(f"{name}.io.pt")
        torch.jit.trace(w, (ids,), check_trace=False, strict=False).save(f"{name}.trace.pt")
    print("saved", name, flush=True)
