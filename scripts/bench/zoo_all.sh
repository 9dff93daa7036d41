#!/usr/bin/env bash
# Every number of docs/benchmarks.md's "Issue 13: the full model list", in one run:
#   1. the ResNet-18 training step at batch 8 (ModelBenchmark --training);
#   2. t2j's jitted forward / libtorch eager (ZooBenchmark), issue 13's 12 models, batch 1 and 8;
#   3. torchax on JAX's XLA / libtorch eager (scripts/bench/torchax_bench.py), same models;
# then one summary table (summary.md) joining 2 and 3 per model and batch.
#
# Usage: scripts/bench/zoo_all.sh MODEL_DIR OUT_DIR
#   MODEL_DIR  the NAME.script.pt / NAME.io.pt files of scripts/zoo/make_full_size.py
#   OUT_DIR    where t2j.K.md, torchax.K.md, training.K.md, summary.md and env.txt go
# Environment: PYTHON (a python with torch, torchvision, jax, torchax; default python3),
#   RUNS (how many times to run the whole set, default 3; the summary takes per-row medians),
#   JAVA_OPTS (e.g. -Dtorch2jax.pjrt.plugin=PATH for the other CPU plugin), SKIP_BUILD=1.
# Run on a quiet machine. libtorch runs one intra-op thread (OMP_NUM_THREADS=1), XLA its own pool.
set -euo pipefail
if [ $# -ne 2 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
models=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
runs=${RUNS:-3}
export OMP_NUM_THREADS=1
names="alexnet convnext_tiny densenet121 efficientnet_b0 mobilenet_v2 mobilenet_v3_large"
names="$names regnet_y_400mf resnet18 resnet50 swin_t vgg11 vit_b_16"
regex="($(echo $names | tr ' ' '|'))\.script\.pt"

cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -B -o -q -pl annotations,processor,runtime,examples compile
  mvn -B -o -q -pl examples dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt"
fi
# The worktree's runtime first: examples resolves the installed one when built alone.
cp="$root/runtime/target/classes:$root/examples/target/classes:$(cat "$out/classpath.txt")"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
run_java() {
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  "$java" -Xmx8g --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} -cp "$cp" "$@" 2>&1 \
    | grep --line-buffered -v -e WARNING -e '^I0000'
}
{
  date -u
  echo "commit $(git rev-parse --short HEAD) $(git status --porcelain | grep -q . && echo dirty)"
  echo "cores $(nproc --all), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java options: ${JAVA_OPTS:-none}"
  "$python" -c 'import torch, jax, torchax; print("torch", torch.__version__, "jax", jax.__version__, "torchax", torchax.__version__)'
} > "$out/env.txt"
for k in $(seq 1 "$runs"); do
  echo "== run $k of $runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  run_java dev.torch2jax.examples.bench.ModelBenchmark --training | tee "$out/training.$k.md"
  run_java dev.torch2jax.examples.bench.ZooBenchmark "$models" "$regex" | tee "$out/t2j.$k.md"
  # shellcheck disable=SC2086 # one argument per model
  "$python" scripts/bench/torchax_bench.py $names | tee "$out/torchax.$k.md"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/env.txt"
"$python" scripts/bench/zoo_summary.py "$out" | tee "$out/summary.md"
