"""CPU seconds of one fixed scan, per process type, for two checkouts run alternately (A, B, A, B).

Issue 14 asks for a third less CPU per page visit. A total says whether a change helped; only a
split by process says where to cut. So each run scans the same few demo trusts (all three consent
scenarios, as `pixelhound demo` does) from one checkout's `src/` in a child process, while this
process, a child subreaper, reads /proc every --interval seconds for every process under it and
keeps each one's last CPU figure, sorted by what it is: Chromium's browser process, renderers, the
GPU process, the network service, other utilities, Playwright's Node driver, the scanner's Python,
the demo internet. A process that ends between two readings loses at most one interval's CPU;
`unattributed` is the total the kernel counted (RUSAGE_CHILDREN) minus the readings, so the loss
is shown, not hidden.

Each run also reports what it recorded, to check that a change keeps the evidence: page visits,
HAR entries, and the screenshots (count and bytes).

    python bench/bench_cpu.py --baseline /work/main/src [--rounds 2] [--trusts 2] [--max-pages 4]
    python bench/bench_cpu.py --baseline src --candidate-mode shell   # one checkout, full browser against the shell
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
THIS_SRC = Path(__file__).resolve().parent.parent / "src"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
KINDS = ("browser", "renderer", "gpu", "network", "utility", "driver", "python", "demo", "other")


# --- the child: one scan of the demo trusts, from whichever src/ is on PYTHONPATH --------------


def child(trusts: int, max_pages: int, concurrency: int, out: Path, network_record: bool, mode: str) -> None:
    """Scan `trusts` demo trusts under all three scenarios; print what was recorded as JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_scan import DemoProcess, warm_up  # the demo internet in a process of its own

    from pixelhound.assess.canary import CanaryIdentity
    from pixelhound.capture.browser import BrowserOptions
    from pixelhound.capture.scan import ScanOptions, scan_fleet
    from pixelhound.model import ALL_SCENARIOS

    warm_up()
    with DemoProcess(trusts) as internet:
        options = ScanOptions(browser=BrowserOptions(resolver_rules=internet.rules, insecure=True, mode=mode), out_dir=out,
                              max_pages=max_pages, concurrency=concurrency, identity=CanaryIdentity(),
                              scenarios=ALL_SCENARIOS, network_record=network_record)
        started = time.perf_counter()
        scans = asyncio.run(scan_fleet(internet.sites, options, None))
        seconds = time.perf_counter() - started
    phases: dict[str, float] = defaultdict(float)
    for scan in scans:
        for name, value in scan.phase_seconds.items():
            phases[name] += value
    entries = sum(len(json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]) for har in out.rglob("*.har"))
    shots = [path for pattern in ("*.png", "*.jpg", "*.jpeg") for path in out.rglob(pattern)]
    print(json.dumps({
        "seconds": seconds, "scans": len(scans), "measured": sum(1 for scan in scans if scan.measured),
        "visits": sum(len(scan.pages) for scan in scans), "errors": sum(1 for scan in scans for page in scan.pages if page.error),
        "har_entries": entries, "screenshots": len(shots), "screenshot_bytes": sum(path.stat().st_size for path in shots),
        "phases": phases,
    }))


# --- the parent: CPU per process type, read from /proc -----------------------------------------


def kind_of(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "other"
    line = b" ".join(command).decode(errors="replace")
    if "multiprocessing" in line:
        return "demo"
    if "--type=renderer" in line:
        return "renderer"
    if "--type=gpu-process" in line:
        return "gpu"
    if "NetworkService" in line:
        return "network"
    if "--type=" in line:
        return "utility"  # utilities, zygotes, crashpad
    if "chrom" in command[0].decode(errors="replace"):
        return "browser"
    if "node" in command[0].decode(errors="replace") or "playwright" in line:
        return "driver"
    if "python" in command[0].decode(errors="replace"):
        return "python"
    return "other"


def descendants(root: int) -> list[int]:
    """Every process under `root` (this process is a subreaper, so orphans stay under it)."""
    parents: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry))
    found, queue = [], [root]
    while queue:
        for pid in parents.get(queue.pop(), []):
            found.append(pid)
            queue.append(pid)
    return found


def own_cpu(pid: int) -> float | None:
    """utime + stime of `pid` alone (not its reaped children), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuSampler(threading.Thread):
    """The last CPU figure of every process under this one, and its kind."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="cpu-sampler", daemon=True)
        self.interval, self.seen = interval, {}
        self.kinds: dict[int, str] = {}
        self.commands: dict[int, str] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            for pid in descendants(os.getpid()):
                cpu = own_cpu(pid)
                if cpu is not None:
                    self.seen[pid] = cpu
                    if self.kinds.get(pid, "other") == "other":  # again: /usr/bin/chromium is a script that execs
                        self.kinds[pid] = kind_of(pid)
                        try:
                            self.commands[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                        except OSError:
                            pass

    def stop(self) -> dict[str, float]:
        self._done.set()
        self.join()
        totals = dict.fromkeys(KINDS, 0.0)
        for pid, cpu in self.seen.items():
            totals[self.kinds.get(pid, "other")] += cpu
            if self.kinds.get(pid, "other") == "other" and cpu > 0.5 and os.environ.get("BENCH_CPU_DEBUG"):
                print(f"   other: pid {pid} {cpu:.1f} s {self.commands.get(pid, '?')[:200]}")
        return totals


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(label: str, src: Path, args: argparse.Namespace, mode: str) -> dict:
    out = Path(tempfile.mkdtemp(prefix="pixelhound-bench-cpu-"))
    env = {**os.environ, "PYTHONPATH": str(src)}
    load = os.getloadavg()[0]
    sampler = CpuSampler(args.interval)
    before, started = children_cpu(), time.perf_counter()
    sampler.start()
    try:
        done = subprocess.run([sys.executable, __file__, "--child", "--trusts", str(args.trusts), "--max-pages",
                               str(args.max_pages), "--concurrency", str(args.concurrency), "--out", str(out), "--browser-mode", mode,
                               *(["--no-net"] if args.no_net else [])],
                              env=env, capture_output=True, text=True, check=False)
    finally:
        kinds = sampler.stop()
        shutil.rmtree(out, ignore_errors=True)
    while True:  # reap orphans (zygotes, crashpad) so that their CPU reaches RUSAGE_CHILDREN
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break
    total = children_cpu() - before
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(done.stderr[-3000:])
        raise SystemExit(f"{label}: the scan failed (exit {done.returncode})") from None
    counts = dict.fromkeys(KINDS, 0)
    for pid in sampler.seen:
        counts[sampler.kinds.get(pid, "other")] += 1
    result.update(label=label, wall=time.perf_counter() - started, cpu=total, kinds=kinds, processes=counts,
                  unattributed=total - sum(kinds.values()), load=(load, os.getloadavg()[0]))
    return result


def report(run: dict) -> None:
    visits = max(run["visits"], 1)
    print(f"{run['label']}: {run['wall']:.1f} s wall, {run['cpu']:.1f} CPU s, {run['cpu'] / visits:.3f} CPU s/visit, "
          f"load {run['load'][0]:.1f}->{run['load'][1]:.1f}; {run['visits']} visits, {run['errors']} errors, "
          f"{run['measured']}/{run['scans']} measured, {run['har_entries']} HAR entries, "
          f"{run['screenshots']} screenshots ({run['screenshot_bytes'] / 1e6:.1f} MB)")
    print("   CPU s: " + ", ".join(f"{kind} {run['kinds'][kind]:.1f}" for kind in KINDS if run["kinds"][kind])
          + f", unattributed {run['unattributed']:.1f}")
    print("   processes seen: " + ", ".join(f"{kind} {count}" for kind, count in run["processes"].items() if count)
          + f" ({run['processes']['renderer'] / visits:.2f} renderers a visit)")
    print("   phase s/visit: " + ", ".join(f"{name} {value / visits:.2f}" for name, value
                                            in sorted(run["phases"].items(), key=lambda kv: -kv[1])))
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another checkout's src/ (A), run alternately with this one (B)")
    parser.add_argument("--candidate", type=Path, default=THIS_SRC, help="the src/ measured as B (default: this checkout's)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--trusts", type=int, default=2)
    parser.add_argument("--max-pages", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between /proc readings")
    parser.add_argument("--no-net", action="store_true", help="without the network record (what the NetLog costs)")
    parser.add_argument("--baseline-mode", default="full", help="the browser mode of A runs (full or shell)")
    parser.add_argument("--candidate-mode", default="full", help="the browser mode of B runs (full or shell)")
    parser.add_argument("--browser-mode", default="full", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.trusts, args.max_pages, args.concurrency, args.out, not args.no_net, args.browser_mode)
        return
    if ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("note: not a child subreaper: orphaned Chromium processes are not counted")
    contenders = [("A baseline", args.baseline, args.baseline_mode)] if args.baseline else []
    contenders.append(("B this", args.candidate, args.candidate_mode))
    runs = []
    for number in range(args.rounds):
        for label, src, mode in (contenders if number % 2 == 0 else contenders[::-1]):
            run = one_run(f"{label} #{number + 1}", src, args, mode)
            report(run)
            runs.append(run)
    for label, _, _ in contenders:
        mine = [run for run in runs if run["label"].startswith(label)]
        visits = sum(run["visits"] for run in mine)
        print(f"{label}: {sum(run['cpu'] for run in mine) / visits:.3f} CPU s/visit, "
              f"{sum(run['wall'] for run in mine) / len(mine):.1f} s wall per run, over {len(mine)} run(s): "
              + ", ".join(f"{kind} {sum(run['kinds'][kind] for run in mine) / visits:.3f}" for kind in KINDS))


if __name__ == "__main__":
    main()
