"""Execute notebooks with nbclient (Debian's python3-nbclient: a Jupyter client nobody here wrote)
on a named kernel, and save each executed notebook.

usage: execute_with_nbclient.py KERNEL_NAME OUT_DIR NOTEBOOK...
The kernel is looked up on JUPYTER_PATH as usual. Each notebook runs in its own folder (as Jupyter
front ends start kernels), with allow_errors so every cell is tried. Prints one JSON line per
notebook: {"notebook", "seconds", "out"}.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def main():
    kernel, out_dir, notebooks = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=kernel, timeout=600, allow_errors=True,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        started = time.monotonic()
        client.execute()
        seconds = time.monotonic() - started
        out = os.path.join(out_dir, os.path.basename(path))
        nbformat.write(nb, out)
        print(json.dumps({"notebook": os.path.basename(path), "seconds": round(seconds, 3), "out": out}), flush=True)


if __name__ == "__main__":
    main()
