"""Drives the workbook's Jupyter kernel with Debian's real clients (jupyter_client, nbclient).

Run by JupyterKernelTests with /usr/bin/python3 and JUPYTER_PATH pointing at a kernelspec
installed under a temporary prefix. Each scenario prints one JSON object of what it observed on
its last line; the C# tests assert on it. Nothing here asserts: a scenario reports, the test judges.

    jupyter_checks.py messages WORKDIR        every message type, on one kernel (then restart, shutdown)
    jupyter_checks.py chapter NOTEBOOK        a chapter executed by nbclient through the kernel
"""
import json
import os
import sys
import time

import jupyter_client
from queue import Empty
from jupyter_client.session import Session

KERNEL = "neurons-csharp"
TIMEOUT = 120


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended: its parent has not reaped it yet.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


class Kernel:
    def __init__(self, workdir):
        self.km = jupyter_client.KernelManager(kernel_name=KERNEL)
        self.km.start_kernel(cwd=workdir)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def collect(self, msg_id, timeout=TIMEOUT):
        """Every iopub message of a request, up to its idle status."""
        messages = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append({"msg_type": m["msg_type"], "content": m["content"]})
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return messages

    def collect_all(self, msg_ids, timeout=TIMEOUT):
        """Reads iopub until every one of the requests has gone idle."""
        waiting = set(msg_ids)
        while waiting:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                waiting.discard(m["parent_header"].get("msg_id"))

    def reply(self, msg_id, timeout=TIMEOUT):
        while True:
            m = self.kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == msg_id:
                return {"msg_type": m["msg_type"], "content": m["content"]}

    def execute(self, code, **options):
        started = time.time()
        msg_id = self.kc.execute(code, **options)
        reply = self.reply(msg_id)
        iopub = self.collect(msg_id)
        return {"reply": reply, "iopub": iopub, "seconds": time.time() - started}

    def request(self, method, *args, **kwargs):
        msg_id = getattr(self.kc, method)(*args, **kwargs)
        reply = self.reply(msg_id)
        iopub = self.collect(msg_id)
        return {"reply": reply, "iopub": iopub}


def text_of(run):
    """What the reader sees of a cell's outputs, as one string."""
    parts = []
    for m in run["iopub"]:
        c = m["content"]
        if m["msg_type"] == "stream":
            parts.append(c["text"])
        elif m["msg_type"] in ("execute_result", "display_data"):
            parts.append(c["data"].get("text/plain") or c["data"].get("text/html", ""))
        elif m["msg_type"] == "error":
            parts.append(c["ename"] + ": " + c["evalue"])
    return "".join(parts)


def interrupt_after(kernel, code, wait):
    msg_id = kernel.kc.execute(code)
    time.sleep(wait)
    started = time.time()
    kernel.km.interrupt_kernel()
    reply = kernel.reply(msg_id)
    stopped = time.time() - started
    return {"reply": reply, "iopub": kernel.collect(msg_id), "seconds_to_reply": stopped}


def messages(workdir, chapter_cell):
    k = Kernel(workdir)
    out = {}
    out["kernel_info"] = k.request("kernel_info")
    k.kc.session.send(k.kc.control_channel.socket, "kernel_info_request", {})
    out["kernel_info_control"] = k.kc.get_control_msg(timeout=TIMEOUT)["content"]
    out["first"] = k.execute("1 + 1")
    out["values"] = k.execute('var kept = 41;\nConsole.Write("a"); Console.WriteLine("b"); Console.Error.WriteLine("warn");\ndisplay("shown");\nkept + 1')
    out["update"] = k.execute('var d = display("before");\nd.Update("after");')
    out["cwd"] = k.execute("System.IO.Directory.GetCurrentDirectory()")
    out["silent"] = k.execute("kept = 7;", silent=True)
    out["no_history"] = k.execute("kept + 1", store_history=False)
    out["after_no_history"] = k.execute("kept")
    out["compile_error"] = k.execute("int broken = ;")
    out["exception"] = k.execute('throw new InvalidOperationException("boom");')

    # stop_on_error: the cells queued behind a failing one are aborted, and not run.
    ids = [k.kc.execute('await Task.Delay(300); throw new Exception("first fails");'),
           k.kc.execute("kept = 1000;"),
           k.kc.execute("kept = 2000;")]
    out["stop_on_error"] = [k.reply(i) for i in ids]
    k.collect_all(ids)
    out["after_abort"] = k.execute("kept")

    # A message signed with the wrong key is dropped; the kernel goes on answering.
    wrong = Session(key=b"not-the-connection-key", username="intruder")
    forged = wrong.msg("execute_request", {"code": "kept = -1;", "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    wrong.send(k.kc.shell_channel.socket, forged)
    try:
        out["forged_answered"] = k.kc.get_shell_msg(timeout=1.0)["msg_type"]
    except Empty:
        out["forged_answered"] = None
    out["after_forged"] = k.execute("kept")

    code = chapter_cell + "\nMath.Ab"
    cursor = len(code)  # Python counts code points, as Jupyter does
    out["complete"] = k.request("complete", code, cursor)
    out["complete_code"] = {"cursor_pos": cursor}
    out["inspect"] = k.request("inspect", "Console.WriteLine", len("Console.Wri"))
    out["is_complete_yes"] = k.request("is_complete", "var x = 1;")
    out["is_complete_no"] = k.request("is_complete", "if (kept > 0) {")
    out["comm_info"] = k.request("comm_info")
    out["history"] = k.request("history", hist_access_type="tail", n=10)

    out["interrupted_delay"] = interrupt_after(k, 'await Task.Delay(60_000); kept = 3000;', 2.0)
    out["after_delay"] = k.execute("kept")
    out["engine_before_loop"] = k.execute("System.Environment.ProcessId")
    out["interrupted_loop"] = interrupt_after(k, "while (true) { }", 2.0)
    out["after_loop"] = k.execute("1 + 1")
    out["kept_after_loop"] = k.execute("kept")
    out["engine_after_loop"] = k.execute("System.Environment.ProcessId")

    # Console input: an input_request on stdin when the front end allows input, answered by its
    # input_reply; the end of input (null) when it does not; an interrupted read stops the cell.
    started = time.time()
    msg_id = k.kc.execute('var said = Console.ReadLine(); Console.WriteLine($"read [{said}]");', allow_stdin=True)
    asked = k.kc.get_stdin_msg(timeout=TIMEOUT)
    k.kc.input("Ada Lovelace, η = 0.1")
    out["input_allowed"] = {"request": {"msg_type": asked["msg_type"], "content": asked["content"],
                                        "parent": asked["parent_header"].get("msg_id") == msg_id},
                            "reply": k.reply(msg_id), "iopub": k.collect(msg_id), "seconds": time.time() - started}
    out["input_refused"] = k.execute('Console.ReadLine() ?? "end of input"', allow_stdin=False)
    try:
        out["input_refused_asked"] = k.kc.get_stdin_msg(timeout=0.5)["msg_type"]
    except Empty:
        out["input_refused_asked"] = None
    k.execute("var readState = 1;")
    msg_id = k.kc.execute("var never = Console.ReadLine(); readState = 4000;", allow_stdin=True)
    out["interrupted_read_asked"] = k.kc.get_stdin_msg(timeout=TIMEOUT)["msg_type"]
    started = time.time()
    k.km.interrupt_kernel()
    reply = k.reply(msg_id)
    out["interrupted_read"] = {"reply": reply, "iopub": k.collect(msg_id), "seconds_to_reply": time.time() - started}
    k.kc.input("too late")  # an answer after the interrupt has no effect
    out["after_read"] = k.execute("readState")
    out["read_after_interrupt"] = k.execute('Console.ReadLine() ?? "end of input"', allow_stdin=False)

    # restart: a new kernel process, the old one and its engine gone, the state lost.
    old_kernel = k.pid
    old_engine = int(text_of(k.execute("System.Environment.ProcessId")).strip().split("<pre>")[-1].split("</pre>")[0])
    k.km.restart_kernel(now=False)
    k.kc.wait_for_ready(timeout=TIMEOUT)
    out["restart"] = {"old_kernel": old_kernel, "new_kernel": k.pid, "left": wait_gone([old_kernel, old_engine])}
    out["after_restart"] = k.execute("kept")
    out["after_restart_runs"] = k.execute("2 + 3")

    # shutdown: the reply comes before the process ends, and nothing is left behind.
    engine = int(text_of(k.execute("System.Environment.ProcessId")).strip().split("<pre>")[-1].split("</pre>")[0])
    kernel = k.pid
    shutdown_id = k.kc.shutdown(restart=False)
    out["shutdown_reply"] = k.kc.get_control_msg(timeout=TIMEOUT)["content"]
    out["shutdown"] = {"left": wait_gone([kernel, engine], 10), "kernel": kernel, "engine": engine}
    k.kc.stop_channels()
    k.km.cleanup_resources()
    return out


def chapter(path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=300, startup_timeout=TIMEOUT,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    error = None
    try:
        client.execute()
    except Exception as e:  # reported, judged by the test
        error = f"{type(e).__name__}: {e}"[:2000]
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cells.append({
            "execution_count": cell.get("execution_count"),
            "output_types": [o.get("output_type") for o in cell.outputs],
            "mime_types": sorted({m for o in cell.outputs for m in o.get("data", {})}),
            # A chart is an output whose HTML draws with plotly.js; it must carry the figure too.
            "charts": [{"figure": "application/vnd.plotly.v1+json" in o.get("data", {})}
                       for o in cell.outputs if "newPlot" in str(o.get("data", {}).get("text/html", ""))],
            "errors": [o.get("ename", "") + ": " + o.get("evalue", "") for o in cell.outputs if o.get("output_type") == "error"],
        })
    saved = os.environ.get("SAVE_TO")
    if saved:
        nbformat.write(nb, saved)
    return {"error": error, "cells": cells, "metadata": nb.metadata}


if __name__ == "__main__":
    scenario = sys.argv[1]
    if scenario == "messages":
        with open(sys.argv[3], encoding="utf-8") as f:
            cell = f.read()
        result = messages(sys.argv[2], cell)
    elif scenario == "chapter":
        result = chapter(sys.argv[2])
    else:
        raise SystemExit(f"unknown scenario {scenario!r}: expected messages or chapter")
    print(json.dumps(result, default=str))
