#!/usr/bin/env bash
# Fetches the CUDA PJRT plugin and the nvidia libraries it loads, with pip, into
#   ${TORCH2JAX_CACHE:-$HOME/.cache/torch2jax}/pjrt/jax-<variant>-pjrt-<version>/
# laid out as the wheels install them: jax_plugins/xla_<variant>/xla_cuda_plugin.so finds the
# libraries through its RPATH $ORIGIN/../../nvidia/<lib>/lib. Several GB; run only on a GPU machine.
# The build runs it with -Dtorch2jax.platform=cuda (or TORCH2JAX_PLATFORM=cuda); CPU builds never do.
# Usage: scripts/fetch-cuda-plugin.sh <cuda12|cuda13> <version>
set -euo pipefail

if [ $# -ne 2 ] || { [ "$1" != cuda12 ] && [ "$1" != cuda13 ]; }; then
  echo "usage: $0 <cuda12|cuda13> <version>" >&2
  exit 2
fi
variant=$1 version=$2
cache_root=${TORCH2JAX_CACHE:-$HOME/.cache/torch2jax}
target_dir=$cache_root/pjrt/jax-$variant-pjrt-$version
library=$target_dir/jax_plugins/xla_$variant/xla_cuda_plugin.so

if [ -s "$library" ]; then
  echo "torch2jax: CUDA PJRT plugin cached at $library"
  exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "torch2jax: python3 with pip is needed once to fetch jax-$variant-pjrt==$version." >&2
  exit 1
fi

# jax-<variant>-plugin[with-cuda] pins the plugin wheel and the nvidia-* wheels of a matching CUDA.
work=$target_dir.partial
rm -rf "$work"
echo "torch2jax: fetching jax-$variant-pjrt==$version and its nvidia libraries with pip into $target_dir"
"$python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: --target "$work" \
  "jax-$variant-pjrt==$version" "jax-$variant-plugin[with-cuda]==$version"

"$python" -c 'import ctypes, sys; ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LAZY).GetPjrtApi' \
  "$work/jax_plugins/xla_$variant/xla_cuda_plugin.so" 2>/dev/null \
  || nm -D --defined-only "$work/jax_plugins/xla_$variant/xla_cuda_plugin.so" | grep -qw GetPjrtApi \
  || { echo "torch2jax: the plugin does not export GetPjrtApi" >&2; exit 1; }

rm -rf "$target_dir"
mv "$work" "$target_dir"
echo "torch2jax: CUDA PJRT plugin cached at $library"
