"""Start-up and cell latency of the workbook's Jupyter kernel against the real dotnet-interactive's
Jupyter kernel, measured with Debian's jupyter_client in the same run. Run by hand, not by CI:

    dotnet build Neurons.Notebooks.sln && dotnet tool restore
    /usr/bin/python3 tests/Neurons.Workbook.Tests/Jupyter/measure_speed.py [STARTS] [CELLS]

For each kernel, STARTS times (default 5, the kernels alternating so both see the same machine):
start the process and send one kernel_info_request at once (ZeroMQ queues it until the kernel
binds), time to its reply; then time `1 + 1` to its execute_reply; then CELLS (default 20) more
trivial cells. Prints the medians. Both kernelspecs live in a temporary JUPYTER_PATH.
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import jupyter_client

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HOST = os.path.join(ROOT, "artifacts", "bin", "Neurons.Workbook", "debug", "Neurons.Workbook.dll")
TOOL_VERSION = json.load(open(os.path.join(ROOT, ".config", "dotnet-tools.json")))["tools"]["microsoft.dotnet-interactive"]["version"]


def real_tool_dll():
    packages = os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    found = glob.glob(os.path.join(packages, "microsoft.dotnet-interactive", TOOL_VERSION, "tools", "*", "any", "Microsoft.DotNet.Interactive.App.dll"))
    if not found:
        raise SystemExit(f"the real dotnet-interactive {TOOL_VERSION} is not restored under {packages}: run dotnet tool restore")
    return found[0]


def install(prefix):
    if not os.path.exists(HOST):
        raise SystemExit(f"no built host at {HOST}: run dotnet build Neurons.Notebooks.sln")
    dotnet = shutil.which("dotnet")
    subprocess.run([dotnet, HOST, "kernel", "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
    # The real tool's own kernelspec runs "dotnet interactive jupyter ...", a global tool; the same
    # command on the restored local tool's entry point, as ours runs dotnet on its DLL.
    real = os.path.join(kernels, "real-dotnet-interactive")
    os.makedirs(real, exist_ok=True)
    with open(os.path.join(real, "kernel.json"), "w") as f:
        json.dump({"argv": [dotnet, real_tool_dll(), "jupyter", "--default-kernel", "csharp", "{connection_file}",
                            "--http-port-range", "2048-3000"],
                   "display_name": "real dotnet-interactive (C#)", "language": "C#"}, f)
    return os.path.join(prefix, "share", "jupyter")


def wait_reply(kc, msg_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m
    raise TimeoutError(msg_id)


def execute(kc, code):
    started = time.perf_counter()
    reply = wait_reply(kc, kc.execute(code))
    elapsed = time.perf_counter() - started
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r}: {reply['content']}")
    return elapsed


def measure(kernel_name, cells, workdir):
    km = jupyter_client.KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel(cwd=workdir)
    kc = km.client()
    kc.start_channels()
    wait_reply(kc, kc.kernel_info())
    start = time.perf_counter() - started
    first = execute(kc, "1 + 1")
    trivial = [execute(kc, "1 + 1") for _ in range(cells)]
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return start, first, trivial


def main():
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cells = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory(prefix="kernel-speed-") as temp:
        os.environ["JUPYTER_PATH"] = install(os.path.join(temp, "prefix"))
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(temp, "runtime")
        os.environ["JUPYTER_DATA_DIR"] = os.path.join(temp, "data")
        results = {"neurons-csharp": [], "real-dotnet-interactive": []}
        for _ in range(starts):
            for name in results:
                results[name].append(measure(name, cells, temp))
        print(f"{'kernel':<26}{'start (s)':>11}{'first 1+1 (s)':>15}{'trivial cell (ms)':>19}   (medians of {starts} starts, {starts * cells} cells)")
        for name, runs in results.items():
            print(f"{name:<26}{statistics.median(r[0] for r in runs):>11.2f}{statistics.median(r[1] for r in runs):>15.2f}"
                  f"{1000 * statistics.median(t for r in runs for t in r[2]):>19.1f}")


if __name__ == "__main__":
    main()
