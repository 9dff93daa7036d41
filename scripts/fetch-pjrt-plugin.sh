#!/usr/bin/env bash
# Fetches a PJRT plugin wheel with pip and caches its shared library under
#   ${TORCH2JAX_CACHE:-$HOME/.cache/torch2jax}/pjrt/<package>-<version>/<library>
# The runtime looks there last (after -Dtorch2jax.pjrt.plugin and TORCH2JAX_PJRT_PLUGIN).
# Usage: scripts/fetch-pjrt-plugin.sh <pip package> <version> <library file name in the wheel>
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <pip package> <version> <library file name>" >&2
  exit 2
fi
package=$1 version=$2 library=$3
cache_root=${TORCH2JAX_CACHE:-$HOME/.cache/torch2jax}
target_dir=$cache_root/pjrt/$package-$version
target=$target_dir/$library

if [ -s "$target" ]; then
  echo "torch2jax: PJRT plugin cached at $target"
  exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "torch2jax: python3 with pip is needed once to fetch the PJRT plugin wheel ($package==$version)." >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/torch2jax-pjrt.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "torch2jax: fetching $package==$version with pip into $target_dir"
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$work/wheel" "$package==$version"

# A wheel is a zip: pull out the one shared library we need.
"$python" - "$work/wheel" "$library" "$work/lib" <<'PY'
import pathlib, sys, zipfile
wheel_dir, library, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
wheels = list(wheel_dir.glob("*.whl"))
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {wheel_dir}, found {[w.name for w in wheels]}")
with zipfile.ZipFile(wheels[0]) as z:
    names = [n for n in z.namelist() if n.rsplit("/", 1)[-1] == library]
    if not names:
        sys.exit(f"{wheels[0].name} holds no {library}")
    out.mkdir(parents=True)
    (out / library).write_bytes(z.read(names[0]))
PY

# The library must export the PJRT entry point.
if command -v nm >/dev/null 2>&1; then
  nm -D --defined-only "$work/lib/$library" | grep -qw GetPjrtApi \
    || { echo "torch2jax: $library does not export GetPjrtApi" >&2; exit 1; }
else
  "$python" -c 'import ctypes, sys; ctypes.CDLL(sys.argv[1]).GetPjrtApi' "$work/lib/$library" \
    || { echo "torch2jax: $library does not export GetPjrtApi" >&2; exit 1; }
fi

mkdir -p "$target_dir"
chmod 755 "$work/lib/$library"
mv "$work/lib/$library" "$target.partial"
mv "$target.partial" "$target"
echo "torch2jax: PJRT plugin cached at $target"
