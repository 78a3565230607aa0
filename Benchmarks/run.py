#!/usr/bin/env python3
"""Runs attn's benchmark workloads beside their PyTorch twins and prints one table.

Each workload is an attn program and a Python twin with the same shapes and steps. The two
sides of a pair run alternately (attn, PyTorch, attn, PyTorch, ...) so that a change in the
machine's load falls on both; every figure in the table is the median over the runs. Programs
time themselves with time() around the measured loop and print `RESULT <name> <value>`; the
runner adds the wall time and peak RSS of each child from os.wait4's rusage.

    python3 Benchmarks/run.py --attn .build/release/attn [--python PY] [--only 1,3] [--reps N] [--as-avx2]

Without --python the runner uses its own interpreter when it can import torch, and otherwise
reports attn's figures alone. Benchmarks/RESULTS.md is rewritten between its markers.
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

import report

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, ".out")


@dataclass
class Metric:
    """One row of the table. `target` is the wanted attn/PyTorch ratio; `absolute` a bound on
    attn's own value (for a figure such as accuracy that has no ratio target)."""
    key: str
    label: str
    better: str  # "lower" or "higher"
    target: float | None = None
    absolute: float | None = None


@dataclass
class Workload:
    wid: str
    title: str
    attn: list          # argv after the attn binary
    twin: list          # argv after the python interpreter
    reps: int
    timeout: float
    metrics: list = field(default_factory=list)


W1_ATTN = "print(softmax(arange(12).view(3, 4) / 4, dim: 1))"
W1_TORCH = "import torch; print(torch.softmax(torch.arange(12.).view(3, 4) / 4, dim=1))"


def translator_copy():
    """notebooks/08 plus one cell that prints its training time and held-out accuracy in the
    RESULT format; the notebook itself only prints `seconds < 120` and `accuracy >= 0.95`."""
    with open(os.path.join(ROOT, "notebooks", "08_train_translator.attn")) as f:
        text = f.read()
    text += ('\n# %%\nprint("RESULT", "w6.train_seconds", seconds)\n'
             'print("RESULT", "w6.accuracy", accuracy)\n')
    path = os.path.join(OUT, "w6_train_translator.attn")
    with open(path, "w") as f:
        f.write(text)
    return path


def tutorial_copy():
    """notebooks/09 (the PyTorch tutorial, whole) followed by Benchmarks/attn/w7_tutorial_full.attn,
    the cell that prints its training time and held-out accuracy in the RESULT format."""
    text = ""
    for path in (os.path.join(ROOT, "notebooks", "09_pytorch_tutorial_full.attn"),
                 os.path.join(HERE, "attn", "w7_tutorial_full.attn")):
        with open(path) as f:
            text += f.read() + "\n"
    path = os.path.join(OUT, "w7_tutorial_full.attn")
    with open(path, "w") as f:
        f.write(text)
    return path


def workloads():
    t = lambda name: os.path.join(HERE, "torch", name)
    a = lambda name: os.path.join(HERE, "attn", name)
    return [
        Workload("1", "start-up: softmax of a 3x4 tensor", ["-e", W1_ATTN], ["-c", W1_TORCH], 5, 120, [
            Metric("wall", "1 start-up, wall (ms)", "lower", target=1 / 50),
            Metric("rss", "1 start-up, peak RSS (MB)", "lower", target=1 / 20)]),
        Workload("2", "per-op overhead, 10,000 ops", [a("w2_per_op.attn")], [t("w2_per_op.py")], 5, 300, [
            Metric("w2.softmax", "2 softmax [1, 10] (µs/op)", "lower", target=0.5),
            Metric("w2.add", "2 add [1, 10] (µs/op)", "lower", target=0.5),
            Metric("w2.bmm", "2 bmm [1,1,256]x[1,256,10] (µs/op)", "lower", target=0.5),
            Metric("w2.loop", "2 empty loop, for reference (µs/iter)", "lower")]),
        Workload("3", "matrix products", [a("w3_matmul.attn")], [t("w3_matmul.py")], 3, 300, [
            Metric("w3.sgemm256", "3 sgemm 256 (GFLOP/s)", "higher"),
            Metric("w3.sgemm1024", "3 sgemm 1024 (GFLOP/s)", "higher"),
            Metric("w3.sgemm2048", "3 sgemm 2048 (GFLOP/s)", "higher"),
            Metric("w3.bmm", "3 bmm [64, 128, 128] (GFLOP/s)", "higher", target=1.0)]),
        Workload("4", "tutorial inference", [a("w4_tutorial_inference.attn")],
                 [t("w4_tutorial_inference.py")], 3, 300, [
            Metric("w4.pass", "4 tutorial inference (ms/pass)", "lower", target=0.25)]),
        Workload("5", "tutorial training step", [a("w5_training_step.attn")],
                 [t("w5_training_step.py")], 3, 300, [
            Metric("w5.step", "5 training step (ms/step)", "lower", target=0.33)]),
        Workload("6", "translator notebook training", [translator_copy()],
                 [t("w6_train_translator.py")], 1, 900, [
            Metric("wall", "6 translator, whole run (s)", "lower"),
            Metric("w6.train_seconds", "6 translator, training loop (s)", "lower"),
            Metric("w6.accuracy", "6 translator, held-out accuracy", "higher", absolute=0.95)]),
        Workload("7", "the PyTorch tutorial, whole (notebook 09)", [tutorial_copy()],
                 [t("w7_tutorial_full.py")], 1, 900, [
            Metric("wall", "7 tutorial, whole run (s)", "lower", target=0.3),
            Metric("w7.train_seconds", "7 tutorial, training loop (s)", "lower"),
            Metric("w7.accuracy", "7 tutorial, held-out accuracy", "higher", absolute=0.8)]),
    ]


AVX2_ENVIRONMENT = {"ATTN_ISA": "avx2", "OPENBLAS_CORETYPE": "Zen", "ATEN_CPU_CAPABILITY": "avx2",
                    "MKL_ENABLE_INSTRUCTIONS": "AVX2"}

PEAK = Metric("peak.all", "3 FMA peak, all CPUs (GFLOP/s)", "higher")
PEAK_SHARE = Metric("w3.sgemm2048", "3 sgemm 2048, share of the FMA peak", "higher", absolute=0.85)


def measured_peak():
    """The CPU's single-precision peak in GFLOP/s, measured by Benchmarks/peak_flops.c (FMA
    chains in registers on every CPU), or None when it cannot be built here."""
    binary = os.path.join(OUT, "peak_flops")
    try:
        subprocess.run(["cc", "-O3", "-pthread", os.path.join(HERE, "peak_flops.c"), "-o", binary],
                       check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    # The highest of three runs (ten trials each): interference only ever lowers the rate.
    peaks = [r.values["peak.all"] for r in (measure([binary], 120, 1.0) for _ in range(3))
             if r.ok and "peak.all" in r.values]
    return max(peaks) if peaks else None


@dataclass
class Run:
    ok: bool
    values: dict
    info: list
    error: str = ""


def run_child(argv, timeout):
    """Runs argv from the repository root; returns wall seconds, rusage, exit status, stdout
    and stderr. Output goes to files so that the child can be reaped with os.wait4 (which
    gives its own rusage) rather than by Popen."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return wall, usage, proc.returncode, out.read().decode(errors="replace"), \
            err.read().decode(errors="replace")


def measure(argv, timeout, scale):
    """One run of one side. `scale` turns wall seconds into the workload's unit."""
    wall, usage, code, out, err = run_child(argv, timeout)
    values = {"wall": wall * scale, "rss": usage.ru_maxrss / 1024}  # ru_maxrss is in KiB
    info = []
    for line in out.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "RESULT":
            try:
                values[words[1]] = float(words[2])
            except ValueError:
                pass
        elif words[:1] == ["INFO"]:
            info.append(" ".join(words[1:]))
    if code != 0:
        lines = [l for l in (err or out).splitlines() if l.strip()]
        reason = "killed after %gs" % timeout if code == -9 else "exit %d" % code
        detail = " / ".join(lines[:3])[:300]
        return Run(False, values, info, f"{reason}: {detail}" if detail else reason)
    return Run(True, values, info)


def find_python(explicit):
    if explicit:
        return explicit
    if importlib.util.find_spec("torch") is not None:
        return sys.executable
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--attn", required=True, help="the attn binary")
    ap.add_argument("--python", help="interpreter with torch for the twins")
    ap.add_argument("--only", default="", help="workload ids, e.g. 1,3")
    ap.add_argument("--reps", type=int, default=0, help="runs per side (default per workload)")
    ap.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    ap.add_argument("--as-avx2", action="store_true",
                    help="on an AVX-512 machine, restrict both sides to AVX2 kernels and record the run "
                         "as the AVX2 kind's (emulated)")
    args = ap.parse_args()
    if args.as_avx2:
        # Children inherit these: attn's kernels, OpenBLAS's (Zen: its AVX2 family; set, so attn
        # does not re-execute with SkylakeX), PyTorch's own kernels and MKL's, and the peak loop.
        os.environ.update(AVX2_ENVIRONMENT)

    attn = os.path.abspath(args.attn)
    if not os.access(attn, os.X_OK):
        sys.exit(f"run.py: no attn binary at {attn} (run `make build`)")
    os.makedirs(OUT, exist_ok=True)
    python = find_python(args.python)
    only = {w.strip() for w in args.only.split(",") if w.strip()}
    if not python:
        print("PyTorch not importable: attn's figures only (`make bench TORCH=1` installs it)")

    load_before = os.getloadavg()
    results = []  # (workload, metric, attn samples, torch samples)
    errors, infos = [], []
    for w in workloads():
        if only and w.wid not in only:
            continue
        reps = args.reps or w.reps
        scale = 1.0 if w.wid in ("6", "7") else 1e3  # seconds for the long run, ms otherwise
        sides = [("attn", [attn] + w.attn)] + ([("PyTorch", [python] + w.twin)] if python else [])
        samples = {name: [] for name, _ in sides}
        print(f"workload {w.wid}: {w.title} ({reps} run{'s' if reps > 1 else ''} per side)",
              file=sys.stderr, flush=True)
        for _ in range(reps):
            for name, argv in sides:
                r = measure(argv, w.timeout, scale)
                if not r.ok:
                    errors.append(f"workload {w.wid}, {name}: {r.error}")
                    print(f"  {name} failed: {r.error}", file=sys.stderr)
                    continue
                samples[name].append(r.values)
                infos.extend(i for i in r.info if i not in infos)
        for m in w.metrics:
            per_side = [[s[m.key] for s in samples.get(name, []) if m.key in s]
                        for name in ("attn", "PyTorch")]
            results.append((w, m, per_side[0], per_side[1]))
        if w.wid == "3":
            # sgemm against what the CPU can do at all (issue 17: at least 85% of the peak).
            peak = measured_peak()
            if peak:
                shares = [[s[PEAK_SHARE.key] / peak for s in samples.get(name, []) if PEAK_SHARE.key in s]
                          for name in ("attn", "PyTorch")]
                results.append((w, PEAK, [peak], []))
                results.append((w, PEAK_SHARE, shares[0], shares[1]))

    env = report.environment(attn, python, infos, load_before, os.getloadavg(),
                             emulated=AVX2_ENVIRONMENT if args.as_avx2 else None)
    table = report.table(results)
    print()
    print(report.header(env))
    print(table)
    if errors:
        print("\nFailures:\n" + "\n".join("- " + e for e in errors))
    if not args.no_write and not only:
        report.write_results(os.path.join(HERE, "RESULTS.md"), env, table, results, errors)
        print("\nwrote Benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
