#!/usr/bin/env python3
"""Regenerates every PyTorch parity fixture: runs each scripts/fixtures/*.py in turn.

Each script uses real PyTorch with fixed seeds and writes small JSON files into
Tests/*/Fixtures/, so the Swift tests need no Python. Requires `pip install torch`.
"""
import pathlib
import runpy
import sys

here = pathlib.Path(__file__).resolve().parent
for script in sorted((here / "fixtures").glob("*.py")):
    if script.name.startswith("_"):
        continue
    print(f"running {script.name}", file=sys.stderr)
    runpy.run_path(str(script), run_name="__main__")
