"""Peak memory of the engine process and of the host while `run` executes N one-line cells
(`var xN = N;`), for issue 13's question of how memory grows with cells. Run by hand:

    /usr/bin/python3 tests/Neurons.Workbook.Tests/Oracle/measure_memory.py 500 2000

The kernel keeps every compiled submission (Roslyn scripting cannot unload them), so the engine
grows per cell; the host should stay flat. Samples /proc every 50 ms.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORKBOOK = os.path.join(ROOT, "artifacts", "bin", "Neurons.Workbook", "debug", "Neurons.Workbook.dll")


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def measure(cells):
    folder = tempfile.mkdtemp(prefix="measure-memory-")
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                           "outputs": [], "source": f"var x{i} = {i};"} for i in range(cells)],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = os.path.join(folder, "many.ipynb")
    with open(path, "w") as f:
        json.dump(notebook, f)
    started = time.monotonic()
    host = subprocess.Popen(["dotnet", WORKBOOK, "run", path], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_host = peak_engine = 0
    while host.poll() is None:
        peak_host = max(peak_host, rss_kib(host.pid))
        for child in children(host.pid):
            peak_engine = max(peak_engine, rss_kib(child))
        time.sleep(0.05)
    seconds = time.monotonic() - started
    return {"cells": cells, "exit": host.returncode, "seconds": round(seconds, 1),
            "host_peak_mib": round(peak_host / 1024, 1), "engine_peak_mib": round(peak_engine / 1024, 1)}


def main():
    results = [measure(int(n)) for n in (sys.argv[1:] or ["500", "2000"])]
    for r in results:
        print(json.dumps(r))
    if len(results) >= 2:
        a, b = results[0], results[-1]
        per_cell = (b["engine_peak_mib"] - a["engine_peak_mib"]) * 1024 / (b["cells"] - a["cells"])
        print(f"engine growth: {per_cell:.1f} KiB per cell; host: {a['host_peak_mib']} MiB at {a['cells']} cells, {b['host_peak_mib']} MiB at {b['cells']}")


if __name__ == "__main__":
    main()
