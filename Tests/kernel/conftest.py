"""Shared set-up of the attn kernel tests: the kernelspec is installed into a temporary
prefix that JUPYTER_PATH points at, so the tests neither need nor touch a user's Jupyter
set-up. ATTN is the attn program under test (make test passes the release build)."""
import os
import pathlib
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ATTN = os.environ.get("ATTN") or str(ROOT / ".build" / "release" / "attn")
PREFIX = tempfile.mkdtemp(prefix="attn-kernel-test-")

# Done at import, before any test class starts a kernel by name.
subprocess.run([ATTN, "kernel", "install", "--prefix", PREFIX], check=True, stdout=subprocess.DEVNULL)
os.environ["JUPYTER_PATH"] = os.path.join(PREFIX, "share", "jupyter")


@pytest.fixture(scope="session")
def attn():
    return ATTN


@pytest.fixture(scope="session")
def root():
    return ROOT
