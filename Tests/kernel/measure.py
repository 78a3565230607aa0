"""Measures the attn kernel without jupyter_client's start-up polling: from spawning
`attn kernel -f FILE` to its kernel_info_reply, and the round trip of a `1 + 1` cell
(execute_request sent → execute_reply received). `python3 Tests/kernel/measure.py [ATTN]`
prints medians; the tests call `start_to_kernel_info` and `round_trip` with loose bounds."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session


class RawKernel:
    """A kernel process and a shell socket talking to it."""

    def __init__(self, attn):
        self.dir = tempfile.mkdtemp(prefix="attn-measure-")
        key = uuid.uuid4().hex
        path, info = write_connection_file(os.path.join(self.dir, "kernel.json"), key=key.encode())
        self.session = Session(key=key.encode())
        self.shell = zmq.Context.instance().socket(zmq.DEALER)
        self.shell.setsockopt(zmq.LINGER, 0)
        # The socket connects before the kernel has bound its port; libzmq's default retry
        # after 100 ms would be measured as kernel start-up.
        self.shell.setsockopt(zmq.RECONNECT_IVL, 1)
        self.shell.connect(f"tcp://127.0.0.1:{info['shell_port']}")
        self.started = time.perf_counter()
        self.process = subprocess.Popen([attn, "kernel", "-f", path], stderr=subprocess.DEVNULL)

    def request(self, msg_type, content, timeout=30):
        sent = self.session.send(self.shell, msg_type, content)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.shell.poll(int((deadline - time.monotonic()) * 1000) + 1):
                _, reply = self.session.recv(self.shell)
                if reply["parent_header"]["msg_id"] == sent["header"]["msg_id"]:
                    return reply
        raise TimeoutError(f"no reply to {msg_type}")

    def close(self):
        self.process.terminate()
        self.process.wait()
        self.shell.close()


def start_to_kernel_info(attn):
    """Seconds from spawning the kernel to its kernel_info_reply."""
    kernel = RawKernel(attn)
    try:
        kernel.request("kernel_info_request", {})
        return time.perf_counter() - kernel.started
    finally:
        kernel.close()


def round_trip(attn, runs=20):
    """Seconds per `1 + 1` cell, request to reply, for each of `runs` cells."""
    kernel = RawKernel(attn)
    try:
        kernel.request("kernel_info_request", {})
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            reply = kernel.request("execute_request", {"code": "1 + 1", "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False})
            times.append(time.perf_counter() - t)
            assert reply["content"]["status"] == "ok"
        return times
    finally:
        kernel.close()


if __name__ == "__main__":
    attn = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../.build/release/attn")
    starts = [start_to_kernel_info(attn) for _ in range(10)]
    trips = round_trip(attn, runs=50)
    print(json.dumps({
        "start_to_kernel_info_ms": {"median": round(statistics.median(starts) * 1e3, 1), "min": round(min(starts) * 1e3, 1)},
        "one_plus_one_round_trip_ms": {"median": round(statistics.median(trips) * 1e3, 2), "min": round(min(trips) * 1e3, 2)},
    }, indent=2))
