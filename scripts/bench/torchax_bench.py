"""torchax on JAX's XLA against libtorch eager, in one process, on torchvision models.

The peer measurement of docs/benchmarks.md: for each model, the steady-state time of torchax's
jitted forward and of libtorch eager (one intra-op thread each), best of five rounds of three
calls, interleaved; the ratio is the number to compare with ZooBenchmark's t2j / libtorch ratio.
Run by hand in a Python environment with torch, torchvision, torchax and jax (scripts/zoo/README.md):

    OMP_NUM_THREADS=1 python scripts/bench/torchax_bench.py [--batch 1 8] [model ...]
"""
import argparse
import math
import time

import torch
import torchvision

# Issue 13's list: torchvision's constructor names, the same as scripts/zoo/make_full_size.py's
# file stems, so the rows line up with ZooBenchmark's.
MODELS = ["alexnet", "convnext_tiny", "densenet121", "efficientnet_b0", "mobilenet_v2",
          "mobilenet_v3_large", "regnet_y_400mf", "resnet18", "resnet50", "swin_t", "vgg11",
          "vit_b_16"]


def best_of(fn, rounds=5, repeats=3):
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            fn()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="*", default=MODELS)
    parser.add_argument("--batch", nargs="*", type=int, default=[1, 8])
    args = parser.parse_args()
    torch.set_num_threads(1)
    import jax
    import torchax

    print("| model | batch | first jitted call ms | torchax ms | libtorch eager ms | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    logs = []
    for name in args.models:
        model = getattr(torchvision.models, name)().eval()
        params, fn = torchax.extract_jax(model)
        jitted = jax.jit(fn)
        for batch in args.batch:
            x = torch.randn(batch, 3, 224, 224)
            jx = jax.numpy.asarray(x.numpy())
            start = time.perf_counter()
            jax.block_until_ready(jitted(params, (jx,)))
            first = (time.perf_counter() - start) * 1e3
            ours = best_of(lambda: jax.block_until_ready(jitted(params, (jx,))))
            with torch.no_grad():
                theirs = best_of(lambda: model(x))
            logs.append(math.log(ours / theirs))
            print(f"| {name} | {batch} | {first:.0f} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f} |",
                  flush=True)
    print(f"geomean torchax / libtorch over {len(logs)} rows: {math.exp(sum(logs) / len(logs)):.2f}")


if __name__ == "__main__":
    main()
