"""Broken input reaches the kernel: it logs, keeps running, and loses no session state."""

import pytest
import zmq
from jupyter_client.session import Session

from helpers import ok, start, stop, value, wait_until_started


@pytest.fixture(scope="module")
def kernel():
    km, kc = start()
    ok(kc, "state = 41")
    yield km, kc
    stop(km, kc)


def raw_shell(km):
    """A DEALER socket on the kernel's shell port, as a client would open."""
    info = km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
    return sock, info


def alive_with_state(kc):
    assert value(kc, "state + 1") == "42"


def test_frames_that_are_not_a_message(kernel):
    km, kc = kernel
    sock, _ = raw_shell(km)
    sock.send_multipart([b"hello"])
    sock.send_multipart([b"<IDS|MSG>", b"sig"])
    sock.send_multipart([b"<IDS|MSG>", b"", b"not json", b"{}", b"{}", b"{}"])
    sock.send_multipart([b"<IDS|MSG>", b"", b"[1, 2]", b"{}", b"{}", b"{}"])
    sock.send_multipart([b"<IDS|MSG>", b"", b'{"msg_type": "execute_request"}', b"{}", b"{}", b"{}"])
    sock.send_multipart([b"<IDS|MSG>", b"", b"\xff\xfe", b"{}", b"{}", b"{}"])
    sock.close()
    alive_with_state(kc)


def test_unsigned_or_wrongly_signed_messages_are_dropped(kernel):
    km, kc = kernel
    sock, info = raw_shell(km)
    for key in (b"not the key", b""):
        forged = Session(key=key, username="intruder")
        forged.send(sock, "execute_request", {"code": "state = 0", "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False})
    assert sock.poll(1000) == 0, "the kernel answered a forged message"
    sock.close()
    alive_with_state(kc)


def test_a_message_of_unknown_type_is_ignored(kernel):
    km, kc = kernel
    sock, info = raw_shell(km)
    Session(key=info["key"]).send(sock, "no_such_request", {})
    sock.close()
    alive_with_state(kc)


def test_a_huge_message_is_dropped(kernel):
    km, kc = kernel
    sock, info = raw_shell(km)
    code = "state = 0\n# " + "x" * (80 << 20)
    Session(key=info["key"]).send(sock, "execute_request", {"code": code, "silent": False})
    assert sock.poll(2000) == 0, "the kernel answered an 80 MiB message"
    sock.close()
    alive_with_state(kc)


def test_a_large_cell_still_runs(kernel):
    _, kc = kernel
    assert value(kc, 'big = "' + "a" * (1 << 20) + '"\nlen(big)') == str(1 << 20)


def test_a_client_that_leaves_mid_cell(kernel):
    km, kc = kernel
    # A client of its own (jupyter_client's clients of one manager share a socket identity).
    leaving = km.client(session=Session(key=km.session.key))
    leaving.start_channels()
    leaving.wait_for_ready(timeout=30)
    wait_until_started(leaving, leaving.execute("n = 0\nwhile n < 1000000 { n += 1 }\nafter_leaving = state"))
    leaving.stop_channels()
    # The cell finishes without its client; the next cell waits for it and sees its result.
    assert value(kc, "after_leaving + 1") == "42"
    alive_with_state(kc)
