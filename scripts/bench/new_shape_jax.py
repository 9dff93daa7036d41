"""JAX's side of NewShapeBenchmark: one new shape of sum(tanh(x @ w)) per call, in total and split
into trace, lowering and XLA compile. Run on the same machine right after the Java benchmark:

    JAX_PLATFORMS=cpu python scripts/bench/new_shape_jax.py [shapes]
"""

import statistics
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

IN, OUT, WARM_UP = 64, 32, 10


def f(x, w):
    return jnp.sum(jnp.tanh(x @ w))


def main():
    shapes = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    jitted = jax.jit(f)
    w = jnp.zeros((IN, OUT), jnp.float32)
    total, trace, lower, compile_ = [], [], [], []
    for i in range(-WARM_UP, shapes):
        rows = 1000 + WARM_UP + 1 + i
        x = jnp.zeros((rows, IN), jnp.float32)
        t0 = time.perf_counter()
        np.asarray(jitted(x, w))
        t1 = time.perf_counter()
        y = jnp.zeros((rows + 1000, IN), jnp.float32)
        t2 = time.perf_counter()
        traced = jax.jit(f).trace(y, w)
        t3 = time.perf_counter()
        lowered = traced.lower()
        t4 = time.perf_counter()
        lowered.compile()
        t5 = time.perf_counter()
        if i >= 0:
            total.append((t1 - t0) * 1e3)
            trace.append((t3 - t2) * 1e3)
            lower.append((t4 - t3) * 1e3)
            compile_.append((t5 - t4) * 1e3)
    med = statistics.median
    print(
        f"JAX {jax.__version__} new shape of sum(tanh(x @ w)), median of {shapes}: first call "
        f"{med(total):.1f} ms = trace {med(trace):.1f} + lowering {med(lower):.1f} + "
        f"XLA compile {med(compile_):.1f} (+ dispatch)"
    )


if __name__ == "__main__":
    main()
