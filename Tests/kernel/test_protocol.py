"""The attn kernel over jupyter_client: output order, figures, errors, interrupts, restart."""
import time

import pytest

from helpers import collect, execute, first_message, ok, shell_reply, start, stop, value, wait_until_started


@pytest.fixture(scope="module")
def kernel():
    km, kc = start()
    yield km, kc
    stop(km, kc)


def test_outputs_come_in_the_order_the_cell_makes_them(kernel):
    _, kc = kernel
    reply, outputs = execute(kc, 'print("first")\nheatmap(tensor([[0.2, 0.8], [0.6, 0.4]]))\nprint("second")\n1 + 1')
    assert reply["status"] == "ok"
    kinds = [m["msg_type"] for m in outputs]
    assert kinds == ["stream", "display_data", "stream", "execute_result"], kinds
    assert outputs[0]["content"] == {"name": "stdout", "text": "first\n"}
    assert outputs[2]["content"]["text"] == "second\n"
    assert outputs[3]["content"]["data"]["text/plain"] == "2"
    assert outputs[3]["content"]["execution_count"] == reply["execution_count"]


def test_text_streams_while_the_cell_runs(kernel):
    _, kc = kernel
    # The loop runs for a second after the first print, however fast the machine is.
    code = 'print("started")\nt0 = time()\nwhile time() - t0 < 1 { }\nprint("finished")'
    msg_id = kc.execute(code)
    messages = collect(kc, msg_id)
    idle = messages[-1]["arrived"]
    started = next(m for m in messages if m["msg_type"] == "stream" and "started" in m["content"]["text"])
    assert "finished" not in started["content"]["text"]
    assert idle - started["arrived"] > 0.2, "the first print arrived only when the cell ended"


def test_a_figure_is_svg_with_its_text_form(kernel):
    _, kc = kernel
    reply, outputs = execute(kc, "heatmap(tensor([[0.1, 0.9], [0.7, 0.3]]))")
    assert reply["status"] == "ok"
    (figure,) = [m for m in outputs if m["msg_type"] == "display_data"]
    data = figure["content"]["data"]
    assert data["image/svg+xml"].lstrip().startswith("<svg")
    assert data["image/svg+xml"].rstrip().endswith("</svg>")
    assert data["text/plain"].strip()


def test_an_error_carries_the_diagnostic_as_traceback(kernel):
    _, kc = kernel
    reply, outputs = execute(kc, "a = 1\nb = a + missing_name")
    assert reply["status"] == "error"
    assert "missing_name" in reply["evalue"]
    errors = [m for m in outputs if m["msg_type"] == "error"]
    assert len(errors) == 1
    traceback = errors[0]["content"]["traceback"]
    assert traceback[0].startswith("error: ")
    assert any("In[" in line and ":2:" in line for line in traceback), traceback
    assert any("b = a + missing_name" in line for line in traceback)
    assert any("^" in line for line in traceback)
    # The statement before the failing one ran.
    assert value(kc, "a") == "1"


def test_a_parse_error_runs_nothing(kernel):
    _, kc = kernel
    reply, _ = execute(kc, "parsed_first = 5\nx = = 2")
    assert reply["status"] == "error"
    reply, _ = execute(kc, "parsed_first")
    assert reply["status"] == "error"


def test_silent_cells_show_nothing_and_keep_the_count(kernel):
    _, kc = kernel
    before = execute(kc, "0")[0]["execution_count"]
    msg_id = kc.execute('silent_var = 9\nprint("hidden")\nsilent_var', silent=True)
    reply = shell_reply(kc, msg_id)
    shown = [m for m in collect(kc, msg_id) if m["msg_type"] != "status"]
    assert shown == []
    assert reply["content"]["status"] == "ok"
    assert value(kc, "silent_var") == "9"
    after = execute(kc, "0")[0]["execution_count"]
    assert after == before + 2  # the silent cell took no number
    msg_id = kc.execute("1", store_history=False)
    assert shell_reply(kc, msg_id)["content"]["execution_count"] == after
    collect(kc, msg_id)


def test_help_page_and_completion(kernel):
    _, kc = kernel
    reply, _ = execute(kc, "?softmax")
    assert reply["status"] == "ok"
    assert "softmax" in reply["payload"][0]["data"]["text/plain"]
    execute(kc, "hidden_state = tensor([1.0, 2.0])")
    msg_id = kc.complete("hidden_state.sha", 16)
    content = shell_reply(kc, msg_id)["content"]
    code = "hidden_state.sha"
    completed = {code[: content["cursor_start"]] + m + code[content["cursor_end"]:] for m in content["matches"]}
    assert "hidden_state.shape" in completed


def interrupt_and_check(km, kc, how):
    ok(kc, "kept = 41")
    msg_id = kc.execute("while true { }")
    wait_until_started(kc, msg_id)
    time.sleep(0.2)
    sent = time.monotonic()
    if how == "signal":
        km.interrupt_kernel()
    else:
        msg = kc.session.msg("interrupt_request", {})
        kc.control_channel.send(msg)
        assert shell_reply_control(kc, msg["header"]["msg_id"])["content"]["status"] == "ok"
    reply = shell_reply(kc, msg_id, timeout=10)
    assert time.monotonic() - sent < 5
    assert reply["content"]["status"] == "error"
    assert "interrupted" in reply["content"]["evalue"]
    collect(kc, msg_id)
    assert value(kc, "kept + 1") == "42"


def shell_reply_control(kc, msg_id):
    return first_message(kc.control_channel.get_msg, msg_id, lambda msg: True, 10,
                         f"no control reply to {msg_id} within 10 s")


def test_sigint_interrupts_a_running_cell_and_keeps_variables(kernel):
    interrupt_and_check(*kernel, "signal")


def test_interrupt_request_on_control_interrupts_too(kernel):
    interrupt_and_check(*kernel, "message")


def test_restart_gives_a_fresh_session():
    km, kc = start()
    try:
        ok(kc, "before_restart = 1")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        assert value(kc, "1 + 1") == "2"
        reply, _ = execute(kc, "before_restart")
        assert reply["status"] == "error"
    finally:
        stop(km, kc)
