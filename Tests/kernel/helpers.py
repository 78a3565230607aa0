"""Small helpers over jupyter_client for the protocol tests."""
import queue
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 30


def start():
    """A fresh attn kernel and a client whose channels are ready."""
    return start_new_kernel(kernel_name="attn", startup_timeout=TIMEOUT)


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def collect(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages of one request, in order, up to its idle status, each with the
    time it arrived."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no idle status for {msg_id} within {timeout} s; got {messages}")
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msg["arrived"] = time.monotonic()
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def first_message(receive, msg_id, wanted, timeout, failure):
    """The first message of request `msg_id` for which `wanted` holds, read with `receive`
    (a channel's get_*_msg); `failure` is the error when none comes within `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = receive(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id and wanted(msg):
            return msg
    raise AssertionError(failure)


def wait_until_started(kc, msg_id, timeout=TIMEOUT):
    """Until the kernel has published the request's execute_input, which it does as the cell
    starts. An interrupt that arrives before is forgotten (as in IPython), so a test that sent
    it after a fixed sleep failed whenever a busy machine started the cell later."""
    first_message(kc.get_iopub_msg, msg_id, lambda msg: msg["msg_type"] == "execute_input", timeout,
                  f"{msg_id} did not start within {timeout} s")


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    return first_message(kc.get_shell_msg, msg_id, lambda msg: True, timeout,
                         f"no reply to {msg_id} within {timeout} s")


def execute(kc, code, timeout=TIMEOUT):
    """Runs a cell: (reply content, iopub messages other than status and execute_input)."""
    msg_id = kc.execute(code)
    reply = shell_reply(kc, msg_id, timeout)
    outputs = [m for m in collect(kc, msg_id, timeout) if m["msg_type"] not in ("status", "execute_input")]
    return reply["content"], outputs


def text_of(outputs):
    """Everything a cell printed or returned, as one text."""
    parts = []
    for m in outputs:
        if m["msg_type"] == "stream":
            parts.append(m["content"]["text"])
        elif m["msg_type"] == "execute_result":
            parts.append(m["content"]["data"]["text/plain"] + "\n")
    return "".join(parts)


def ok(kc, code):
    """Runs a cell that must succeed."""
    reply, outputs = execute(kc, code)
    assert reply["status"] == "ok", reply
    return outputs


def value(kc, code):
    """The text/plain of a cell's execute_result (the cell must succeed)."""
    reply, outputs = execute(kc, code)
    assert reply["status"] == "ok", reply
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    assert results, outputs
    return results[-1]["content"]["data"]["text/plain"]
