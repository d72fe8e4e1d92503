"""`pixelhound demo` timed as a whole and per state, against a baseline checkout in the same run.

The demo is the scan most people see first and most of CI's time (tests/store/test_demo_story.py
runs it), so its wall time is the figure issue 14 and issue 11 set aims for: the first state (ten
trusts × three scenarios) and the whole demo (both states, their reports, the store and the diff).
The machine this runs on is often shared, so a figure alone says little: with `--baseline SRC`
(another checkout's `src/`) the two are run alternately, each in its own process, and the ratio of
the two, measured in the same period, is the comparable figure.

Per run it prints: the seconds from the demo's start to each state's scan line and store line, the
whole wall time, the CPU seconds of the demo and every process it started (Chromium included: this
process is a child subreaper), the load average, and where the scans' time went (`phase_seconds`
summed over every scan.json, per page visit).

    python bench/bench_demo.py [--baseline /path/to/main/src] [--rounds 1] [--out /tmp/bench-demo]
    python bench/bench_demo.py --baseline src --this-mode shell   # full browser against the headless shell
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
THIS_SRC = Path(__file__).resolve().parent.parent / "src"
RUN_DEMO = "import sys; from pixelhound.cli import main; sys.argv[0] = 'pixelhound'; sys.exit(main())"


@dataclass
class DemoRun:
    label: str
    seconds: float = 0.0
    cpu: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)
    marks: list[tuple[float, str]] = field(default_factory=list)  # seconds since start, line of the demo
    states: dict[str, dict[str, float]] = field(default_factory=dict)  # run folder -> phase -> seconds
    pages: dict[str, int] = field(default_factory=dict)
    exit_code: int = 0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_demo(label: str, src: Path, out: Path, extra: list[str]) -> DemoRun:
    """One `pixelhound demo` from `src`, its stderr lines timed as they arrive."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = DemoRun(label, load=(os.getloadavg()[0], 0.0))
    cpu_before, started = children_cpu(), time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", RUN_DEMO, "demo", "--out", str(out), *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("pixelhound:"):
            run.marks.append((time.perf_counter() - started, line.strip()[:110]))
    run.exit_code = process.wait()
    run.seconds = time.perf_counter() - started
    run.cpu = children_cpu() - cpu_before
    run.load = (run.load[0], os.getloadavg()[0])
    for state in sorted(path for path in out.iterdir() if path.is_dir()):
        phases: Counter[str] = Counter()
        pages = 0
        for done in state.glob("sites/*/*/scan.json"):
            record = json.loads(done.read_text(encoding="utf-8"))
            phases.update(record.get("phase_seconds", {}))
            pages += len(record.get("pages", []))
        run.states[state.name], run.pages[state.name] = dict(phases), pages
    return run


def report(run: DemoRun) -> None:
    print(f"\n{run.label}: {run.seconds:.1f} s wall, {run.cpu:.1f} CPU s (demo, Chromium, driver), exit {run.exit_code}, "
          f"load {run.load[0]:.1f} -> {run.load[1]:.1f}")
    for seconds, line in run.marks:
        print(f"  {seconds:7.1f} s  {line}")
    for state, phases in run.states.items():
        total, pages = sum(phases.values()), max(run.pages[state], 1)
        print(f"  {state}: {run.pages[state]} page visits, {total:.1f} scan-seconds ({total / pages:.2f} per page):")
        print("    " + ", ".join(f"{name} {seconds / pages:.2f}" for name, seconds in sorted(phases.items(), key=lambda kv: -kv[1])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another checkout's src/ to run alternately with this one")
    parser.add_argument("--rounds", type=int, default=1, help="demo runs of each (alternating when --baseline)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/pixelhound-bench-demo"))
    parser.add_argument("--this-mode", default="full", help="--browser-mode of this checkout's demo (full or shell)")
    parser.add_argument("--baseline-mode", default="full", help="--browser-mode of the baseline's demo")
    parser.add_argument("demo_args", nargs="*", help="passed to `pixelhound demo` (after --)")
    args = parser.parse_args()
    if ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("note: not a child subreaper: the CPU of Chromium processes that outlive their parent is not counted")
    contenders = [("this", THIS_SRC, args.this_mode)] + ([("baseline", args.baseline, args.baseline_mode)]
                                                          if args.baseline else [])
    runs: list[DemoRun] = []
    print(f"pixelhound demo, {os.cpu_count()} CPUs, {args.rounds} round(s){', alternating with ' + str(args.baseline) if args.baseline else ''}")
    for round_number in range(args.rounds):
        order = contenders if round_number % 2 == 0 else contenders[::-1]  # a drift in load favours neither
        for label, src, mode in order:
            run = run_demo(f"{label} (round {round_number + 1}, {mode})", src, args.out / label,
                           [*args.demo_args, "--browser-mode", mode])
            report(run)
            runs.append(run)
    if args.baseline:
        mine = [run for run in runs if run.label.startswith("this")]
        theirs = [run for run in runs if run.label.startswith("baseline")]
        wall = sum(run.seconds for run in mine) / sum(run.seconds for run in theirs)
        cpu = sum(run.cpu for run in mine) / sum(run.cpu for run in theirs)
        print(f"\nthis / baseline over {args.rounds} round(s): wall ×{wall:.2f}, CPU ×{cpu:.2f}")
    shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
