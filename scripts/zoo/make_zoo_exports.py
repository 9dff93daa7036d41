"""Exports the model zoo with torch.export: the .pt2 fixtures that ZooExportTest (examples) runs.

For each model of make_zoo.py's zoo (built the same way: same seeds, same randomized batch-norm
statistics, eval mode) it writes, next to the TorchScript files in the output folder:

  NAME.aten.pt2      torch.export.export(...).run_decompositions() (ATEN dialect, Core ATen)
  NAME.training.pt2  torch.export.export(...) as exported (TRAINING dialect)

each only when the file is at most --aten-max-bytes or --training-max-bytes (the fixtures stay
small: a larger file is removed and the manifest says so),

and checks first that the model still computes the outputs stored in make_zoo.py's NAME.io.pt (the
exports reuse that file's inputs and outputs) and that each exported program, run by Python,
reproduces them. Besides:

  NAME.dynamic.aten.pt2  (DYNAMIC models) exported with the batch dimension torch.export.Dim
                         ("batch", min=2, max=8), with NAME.batch3.io.pt and NAME.batch5.io.pt:
                         inputs and Python's outputs at batch sizes 3 and 5
  NAME.train.{aten,training}.pt2  (TRAIN_MODE models) exported in training mode, with
                         NAME.train.io.pt: input_0, output_0 and, for every buffer the forward
                         updates, state__KEY (KEY's dots written as "__") holding its new value
  exports.tsv            one row per model and export: file (or "-" with the export error's first
                         line in note), size, io files, batch range

Node metadata is slimmed before saving: only the innermost frame of each stack trace is kept, its
path made relative (repository files by their path in the repository, installed packages from
their package folder), so no path of the exporting machine ends up in the fixtures.

Run by hand after make_zoo.py (never by the tests): see README.md next to this file.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
import warnings
from pathlib import Path

import torch
from torch.export import Dim

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_zoo  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

# Models exported with a dynamic batch, and the batch sizes Python runs them at.
DYNAMIC = ("convnext", "transformer_encoder")
BATCH = Dim("batch", min=2, max=8)
DYNAMIC_SIZES = (3, 5)

# Models exported in training mode (batch norm updating its running statistics).
TRAIN_MODE = ("densenet",)

COLUMNS = ("name", "family", "variant", "file", "bytes", "io_files", "batch_range", "note")


def stored_io(path: Path) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """The inputs and outputs make_zoo.py stored in NAME.io.pt."""
    buffers = dict(torch.jit.load(str(path)).named_buffers())
    inputs = [buffers[f"input_{i}"] for i in range(sum(k.startswith("input_") for k in buffers))]
    outputs = [buffers[f"output_{i}"] for i in range(sum(k.startswith("output_") for k in buffers))]
    return inputs, outputs


def relative_path(match: re.Match) -> str:
    path = match.group(1)
    for marker in ("site-packages/", "dist-packages/"):
        if marker in path:
            return f'File "{path.split(marker, 1)[1]}"'
    try:
        return f'File "{Path(path).resolve().relative_to(REPO)}"'
    except ValueError:
        return f'File "{Path(path).name}"'


def slim_metadata(ep: torch.export.ExportedProgram):
    """Keeps of each node's metadata only the innermost frame of its stack trace (where the op was
    called), its file path made relative (see the module doc); torch2jax reads nothing else, and
    nn_module_stack and the outer frames make up most of a small model's graph JSON."""
    for node in ep.graph.nodes:
        trace = node.meta.get("stack_trace")
        for key in ("nn_module_stack", "torch_fn", "stack_trace"):
            node.meta.pop(key, None)
        if trace:
            innermost = re.split(r"\n(?=  File )", trace.rstrip())[-1].strip()
            node.meta["stack_trace"] = re.sub(r'File "([^"]+)"', relative_path, innermost)


def save(ep: torch.export.ExportedProgram, path: Path, max_bytes: int) -> str:
    """Saves ep to path; removes the file again, saying so, when it is over max_bytes."""
    slim_metadata(ep)
    torch.export.save(ep, str(path))
    if b'File "/' in path.read_bytes():
        raise RuntimeError(f"{path} still holds an absolute path")
    size = path.stat().st_size
    if size > max_bytes:
        path.unlink()
        return f"not saved: {size} bytes, over the fixture limit of {max_bytes}"
    return ""


def mismatch(expected, got) -> str:
    """Empty when Python's run of an exported program reproduces the eager output, else what
    differs (recorded in the manifest's note; the tests compare with the eager output)."""
    found = make_zoo.check_same(expected, make_zoo.flatten(got))
    return found.replace("reloaded module", "the exported program in Python")


def run_program(ep, inputs):
    with torch.no_grad():
        return ep.module()(*inputs)


def first_line(e: BaseException) -> str:
    return make_zoo.first_line(e)


def build(spec):
    torch.manual_seed(0)
    model = spec.build()
    make_zoo.randomize_norm_statistics(model)
    return model.eval()


def row(spec, variant, path, io_files, note, batch_range="-"):
    return dict(
        name=spec.name,
        family=spec.family,
        variant=variant,
        file=path.name if path else "-",
        bytes=path.stat().st_size if path else 0,
        io_files=",".join(io_files),
        batch_range=batch_range,
        note=note,
    )


def export_eval(spec, out: Path, limits) -> list[dict]:
    """NAME.aten.pt2 and NAME.training.pt2 of the eval-mode model (each if small enough)."""
    io = out / f"{spec.name}.io.pt"
    inputs, expected = stored_io(io)
    model = build(spec)
    with torch.no_grad():
        again = mismatch(expected, model(*inputs))
    if again:
        raise RuntimeError(f"{spec.name} no longer reproduces {io.name} ({again}): run make_zoo.py first")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ep = torch.export.export(model, tuple(inputs))
            aten = ep.run_decompositions()
    except Exception as e:  # noqa: BLE001 - recorded in the manifest, the others go on
        note = f"not exported: {first_line(e)}"
        return [row(spec, v, None, [io.name], note) for v in ("aten", "training")]
    rows = []
    for variant, program, max_bytes in (("aten", aten, limits.aten), ("training", ep, limits.training)):
        path = out / f"{spec.name}.{variant}.pt2"
        note = save(program, path, max_bytes)
        if note:
            rows.append(row(spec, variant, None, [io.name], note))
            continue
        got = make_zoo.flatten(run_program(program, inputs))
        differs = mismatch(expected, got)
        if not differs:
            rows.append(row(spec, variant, path, [io.name], ""))
            continue
        # Python's own run of the program differs from eager (a decomposition's bug): the test
        # compares with what Python computes for the program, and the note says so.
        own = out / f"{spec.name}.{variant}.io.pt"
        torch.jit.script(make_zoo.Fixture(inputs, got)).save(str(own))
        shapes = f"eager {make_zoo.describe(expected)}, program {make_zoo.describe(got)}"
        note = f"{differs} ({shapes}); {own.name} holds the program's Python output"
        rows.append(row(spec, variant, path, [own.name], note))
    return rows


def export_dynamic(spec, out: Path) -> dict:
    """NAME.dynamic.aten.pt2 with a dynamic batch, and Python's outputs at DYNAMIC_SIZES."""
    model = build(spec)
    torch.manual_seed(2)
    example = spec.inputs()
    dims = tuple({0: BATCH} for _ in example)
    io_files = []
    for n in DYNAMIC_SIZES:
        torch.manual_seed(10 + n)
        x = tuple(torch.randn(n, *t.shape[1:]) for t in example)
        with torch.no_grad():
            y = make_zoo.flatten(model(*x))
        io = out / f"{spec.name}.batch{n}.io.pt"
        torch.jit.script(make_zoo.Fixture(x, y)).save(str(io))
        io_files.append(io.name)
    batch_range = f"{BATCH.min}..{BATCH.max}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ep = torch.export.export(model, example, dynamic_shapes=dims).run_decompositions()
    except Exception as e:  # noqa: BLE001
        return row(spec, "dynamic.aten", None, io_files, f"not exported: {first_line(e)}", batch_range)
    path = out / f"{spec.name}.dynamic.aten.pt2"
    save(ep, path, sys.maxsize)
    notes = []
    for io in io_files:
        x, y = stored_io(out / io)
        notes.append(mismatch(y, run_program(ep, x)))
    return row(spec, "dynamic.aten", path, io_files, "; ".join(n for n in notes if n), batch_range)


def export_train_mode(spec, out: Path) -> list[dict]:
    """NAME.train.{aten,training}.pt2 of the model in training mode, with the updated buffers."""
    torch.manual_seed(3)
    x = spec.inputs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ep = torch.export.export(build(spec).train(), x)
        aten = ep.run_decompositions()
    # The program's state may share storage with the exported module: Python's step runs on a
    # second instance, built the same way.
    model = build(spec).train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    for k, v in ep.state_dict.items():
        if not torch.equal(v, before[k]):
            raise RuntimeError(f"{spec.name}: the exported program holds another {k} than the model")
    with torch.no_grad():
        y = make_zoo.flatten(model(*x))
    buffers = dict(model.named_buffers())
    changed = {k: v for k, v in buffers.items() if not torch.equal(v, before[k])}
    io = out / f"{spec.name}.train.io.pt"
    tensors = {f"input_{i}": t for i, t in enumerate(x)}
    tensors.update({f"output_{i}": t for i, t in enumerate(y)})
    tensors.update({"state__" + k.replace(".", "__"): v for k, v in changed.items()})
    torch.jit.script(Holder(tensors)).save(str(io))
    rows = []
    for variant, program in (("train.aten", aten), ("train.training", ep)):
        path = out / f"{spec.name}.{variant}.pt2"
        save(program, path, sys.maxsize)
        note = f"training mode, {len(changed)} buffers updated"
        rows.append(row(spec, variant, path, [io.name], note))
    return rows


@dataclasses.dataclass
class Limits:
    """The largest eval-mode export files kept (fixture size); the dynamic and training-mode
    exports are always kept."""

    aten: int
    training: int


class Holder(torch.nn.Module):
    def __init__(self, tensors):
        super().__init__()
        for k, v in tensors.items():
            self.register_buffer(k, v.detach().clone())

    def forward(self) -> int:
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=make_zoo.DEFAULT_OUT, help="zoo folder (default: %(default)s)")
    parser.add_argument("--only", nargs="*", help="export only these models (manifest not rewritten)")
    parser.add_argument("--aten-max-bytes", type=int, default=700_000, help="largest NAME.aten.pt2 kept")
    parser.add_argument("--training-max-bytes", type=int, default=170_000, help="largest NAME.training.pt2 kept")
    args = parser.parse_args()
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    rows = []
    for spec in make_zoo.zoo():
        if args.only and spec.name not in args.only:
            continue
        new = export_eval(spec, args.out, Limits(args.aten_max_bytes, args.training_max_bytes))
        if spec.name in DYNAMIC:
            new.append(export_dynamic(spec, args.out))
        if spec.name in TRAIN_MODE:
            new.extend(export_train_mode(spec, args.out))
        for r in new:
            print(f"{r['name']:32s} {r['variant']:15s} {r['file']:40s} {r['bytes']:>9d}  {r['note']}", flush=True)
        rows.extend(new)
    if args.only:
        return
    # NAME.io.pt files are make_zoo.py's; the exports' own io files have one more dot
    io_files = {f for r in rows for f in r["io_files"].split(",")}
    new_io = sum((args.out / f).stat().st_size for f in io_files if f.count(".") > 2)
    total = sum(r["bytes"] for r in rows) + new_io
    with open(args.out / "exports.tsv", "w") as f:
        f.write(f"# made by scripts/zoo/make_zoo_exports.py with {make_zoo.versions()}\n")
        f.write("# inputs are passed positionally as tensors; outputs are flattened (see make_zoo.py)\n")
        exported = len({r["name"] for r in rows if r["file"] != "-"})
        f.write(f"# {exported} of {len({r['name'] for r in rows})} models exported; "
                f"{total} bytes (exports and their own io files)\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")
    print(f"{len(rows)} rows, {total / 1e6:.1f} MB of new files in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
