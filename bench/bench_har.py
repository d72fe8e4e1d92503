"""HAR analysis throughput and peak memory, against the floor of just parsing the same file.

For each input (the six real captures, and a generated HAR of --size-mb, 200 by default) it runs,
each in a fresh process so that peak memory is that step's own:
  floor    orjson.loads of the whole file: the least any analysis must pay to read the JSON
  analyze  pixelhound's full analysis (HAR import, decode, classify, assess) into an Analysis
and prints MB/s, peak RSS and the ratio analyze/floor (time and memory), for a one-shot run and
for a second run in the same process. Aim: time ratio ≤ 3.

    python bench/bench_har.py [--size-mb 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "data" / "realworld"
CACHE = ROOT / "bench" / ".cache"


def child(mode: str, path: str) -> None:
    """Run one measurement in this (fresh) process and print its figures as JSON."""
    import orjson

    from pixelhound.analysis import analyze_hars  # imported before timing: a constant, not throughput

    start = time.perf_counter()
    if mode == "floor":
        document = orjson.loads(Path(path).read_bytes())
        count = len(document["log"]["entries"])
    else:
        analysis = analyze_hars([Path(path)])
        count = len(analysis.disclosures)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The same work again in the same process: throughput without one-time start-up costs
    # (loading the public-suffix list, compiling patterns, filling caches).
    start = time.perf_counter()
    if mode == "floor":
        orjson.loads(Path(path).read_bytes())
    else:
        analyze_hars([Path(path)])
    warm = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "warm": warm, "peak_mib": peak_kib / 1024, "count": count}))


def measure(mode: str, path: Path, repeat: int) -> dict:
    """Best time of `repeat` fresh-process runs, with that run's peak memory."""
    runs = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(path)],
            capture_output=True, text=True, check=True,
        ).stdout
        runs.append(json.loads(output))
    return min(runs, key=lambda r: r["seconds"])


def _script_body(rng: random.Random, size: int) -> str:
    words = ["function", "var", "return", "window", "document", "push", "track", "event", "data", "=>"]
    return " ".join(rng.choice(words) for _ in range(size // 6))


def generate_har(target_mb: int) -> Path:
    """A large HAR made of the real captures' entries, with response bodies as DevTools saves them."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"generated-{target_mb}mb.har"
    if path.exists():
        return path
    rng = random.Random(1)
    templates = []
    for har in sorted(REALWORLD.glob("*/requests.har")):
        templates += json.loads(har.read_text())["log"]["entries"]
    bodies = [_script_body(rng, size) for size in (2_000, 20_000, 80_000, 250_000)]
    target = target_mb * 1024 * 1024
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"log": {"version": "1.2", "creator": {"name": "pixelhound-bench", "version": "1"}, ')
        out.write('"pages": [{"id": "page_1", "title": "https://www.nevadahealthlink.com/", "startedDateTime": "2025-04-28T15:23:22.077Z", "pageTimings": {}}], "entries": [')
        first = True
        while written < target:
            for template in templates:
                entry = dict(template)
                response = dict(entry.get("response", {}))
                content = dict(response.get("content", {}))
                content["text"] = rng.choice(bodies)
                response["content"] = content
                entry["response"] = response
                entry["pageref"] = "page_1"
                text = json.dumps(entry)
                out.write(text if first else "," + text)
                first = False
                written += len(text) + 1
                if written >= target:
                    break
        out.write("]}}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=200, help="size of the generated HAR")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best time kept)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    inputs = sorted(REALWORLD.glob("*/requests.har"))
    if args.size_mb > 0:
        inputs.append(generate_har(args.size_mb))
    header = (
        f"{'input':<38} {'MB':>6} {'floor MB/s':>10} {'analyze MB/s':>12} {'×floor':>7} "
        f"{'warm ×floor':>11} {'floor MiB':>9} {'analyze MiB':>11} {'mem ×floor':>10}"
    )
    print("HAR analysis throughput (best of %d fresh-process runs; floor = orjson.loads of the file)" % args.repeat)
    print(header)
    print("-" * len(header))
    for path in inputs:
        size_mb = path.stat().st_size / 1e6
        floor = measure("floor", path, args.repeat)
        full = measure("analyze", path, args.repeat)
        name = path.parent.name if path.name == "requests.har" else path.name
        print(
            f"{name[:38]:<38} {size_mb:>6.1f} {size_mb / floor['seconds']:>10.1f} {size_mb / full['seconds']:>12.1f} "
            f"{full['seconds'] / floor['seconds']:>7.2f} {full['warm'] / floor['warm']:>11.2f} "
            f"{floor['peak_mib']:>9.0f} {full['peak_mib']:>11.0f} {full['peak_mib'] / floor['peak_mib']:>10.2f}"
        )
    print("×floor: a one-shot run's time over the floor's; warm: the same in a process that has run once;")
    print("mem: peak RSS of the whole process (Python itself included) over the floor's.")


if __name__ == "__main__":
    main()
