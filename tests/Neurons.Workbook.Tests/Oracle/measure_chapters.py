"""Seconds to run all five chapters: the workbook's `run` (a fresh engine process per chapter)
beside the real dotnet-interactive as a Jupyter kernel under nbclient, interleaved in one run so
both see the same machine. Run by hand, not by CI (timing belongs in measured commands):

    dotnet build Neurons.Notebooks.sln && dotnet tool restore
    /usr/bin/python3 tests/Neurons.Workbook.Tests/Oracle/measure_chapters.py [ROUNDS]

Prints each round and the medians. The real tool fails every chart cell at once (its FSharp.Core
clash), so beside the totals it compares the cells that run in both (setup cells aside). The workbook's split (engine start, restore, cells) is read
from its summary line; the real tool's from nbclient: kernel start to ready, then the cells.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NOTEBOOKS = sorted(os.path.join(ROOT, "notebooks", f) for f in os.listdir(os.path.join(ROOT, "notebooks")) if f.endswith(".ipynb"))
WORKBOOK = os.path.join(ROOT, "artifacts", "bin", "Neurons.Workbook", "debug", "Neurons.Workbook.dll")


CELL_LINE = re.compile(r"^(?P<nb>\S+\.ipynb)  cell +(?P<cell>\d+) \(code cell +\d+\) +(?P<s>[\d.]+) s  ok$", re.M)


def ours(failing_there):
    started = time.monotonic()
    done = subprocess.run(["dotnet", WORKBOOK, "run"], cwd=ROOT, capture_output=True, text=True)
    total = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit("workbook run failed:\n" + done.stdout[-2000:] + done.stderr[-2000:])
    m = re.search(r"ran \d+ notebook\(s\): ([\d.]+) s starting engines, ([\d.]+) s in cells, of which ([\d.]+) s restoring", done.stdout)
    start, cells, restore = (float(g) for g in m.groups())
    both = sum(float(c["s"]) for c in CELL_LINE.finditer(done.stdout)
               if (c["nb"], int(c["cell"]) - 1) not in failing_there and not is_setup(c["nb"], int(c["cell"]) - 1))
    return {"total": total, "start": start, "restore": restore, "cells": cells - restore, "cells run in both": both}


SETUP = {}


def is_setup(notebook, index):
    return SETUP.get(notebook) == index


def install_real(folder):
    spec = os.path.join(folder, "kernels", "real-csharp")
    os.makedirs(spec)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": ["dotnet", "tool", "run", "dotnet-interactive", "--", "jupyter", "--default-kernel", "csharp",
                            "{connection_file}", "--http-port-range", "2048-3000"],
                   "display_name": "real", "language": "C#"}, f)
    os.environ["JUPYTER_PATH"] = folder


def real(failing_there):
    result = {"total": 0.0, "start": 0.0, "restore": 0.0, "cells": 0.0, "cells run in both": 0.0}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="real-csharp", timeout=600, allow_errors=True,
                                resources={"metadata": {"path": os.path.dirname(path)}})
        started = time.monotonic()
        with client.setup_kernel():
            ready = time.monotonic()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                cell_start = time.monotonic()
                client.execute_cell(cell, index)
                seconds = time.monotonic() - cell_start
                name = os.path.basename(path)
                if "nuget:" in cell.source:
                    result["restore"] += seconds
                    SETUP[name] = index
                elif any(o.output_type == "error" for o in cell.outputs):
                    failing_there.add((name, index))
                else:
                    result["cells run in both"] += seconds
        ended = time.monotonic()
        result["start"] += ready - started
        result["cells"] += ended - ready
        result["total"] += ended - started
    result["cells"] -= result["restore"]
    return result


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    install_real(tempfile.mkdtemp(prefix="measure-real-"))
    runs = {"workbook": [], "real": []}
    failing_there = set()
    for r in range(rounds):
        for name, run in (("real", real), ("workbook", ours)):
            figures = run(failing_there)
            runs[name].append(figures)
            print(f"round {r + 1} {name:8}: " + ", ".join(f"{k} {v:.2f} s" for k, v in figures.items()), flush=True)
    med = {name: {k: statistics.median(f[k] for f in runs[name]) for k in runs[name][0]} for name in runs}
    for name in med:
        print(f"median {name:8}: " + ", ".join(f"{k} {v:.2f} s" for k, v in med[name].items()))
    for k in ("total", "cells run in both"):
        print(f"ratio workbook/real ({k}): {med['workbook'][k] / med['real'][k]:.2f}")
    print(f"code cells that fail on the real kernel (charts): {len(failing_there)}")


if __name__ == "__main__":
    main()
