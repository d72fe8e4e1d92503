"""The classifier scored on the development sets, both written from public page shapes and labelled
by people who had only docs/classifier-labels.md:

- `independent_set.jsonl` (463 texts): scored once as a clean test set (precision 0.932, recall
  0.926), tuned on since;
- `independent_set_c.jsonl` (360 texts, written and labelled apart): scored once (precision 0.981,
  recall 0.950), tuned on since (issue 16, third pass);
- `independent_set_d.jsonl` (360 texts, written and labelled apart): scored once (precision 0.969,
  recall 0.886), tuned on since (issue 16, fourth pass);
- `independent_set_e.jsonl` (360 texts, written and labelled apart): scored once (precision 0.954,
  recall 0.899), tuned on since (issue 16, fifth pass).

All are development sets now: this test guards against regressions, with floors below today's
figures (docs/benchmarks.md), not the issue's bar, which only a set never tuned on can show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pixelhound.classify import CATEGORIES, classify_text
from pixelhound.classify.evaluate import load_rows, score, table

HERE = Path(__file__).parent
# Today (docs/benchmarks.md): set B precision 0.989, recall 1.000, every category's recall 0.97 or
# more; set C precision 0.995, recall 0.991, every category's recall 0.88 or more (substance use:
# two texts that only the site's own context can place).
DEV_SETS = {
    "independent_set.jsonl": (463, 0.96, 0.90),
    "independent_set_c.jsonl": (360, 0.96, 0.80),  # substance use has 17 texts: one is 0.06
    # set D after the fourth pass: precision 1.000, recall 0.995, every category's recall 0.80 or
    # more (gender identity has 5 texts: one is 0.20)
    "independent_set_d.jsonl": (360, 0.97, 0.75),
    # set E after the fifth pass: precision 0.971, recall 0.966, every category's recall 0.85 or
    # more; what is left is mostly what only a site's or a field's context can place (scored
    # through the scan's own path by bench/score_set.py)
    "independent_set_e.jsonl": (360, 0.94, 0.80),
}


@pytest.mark.parametrize("name", DEV_SETS)
def test_dev_set_scores_hold(name: str) -> None:
    size, binary_floor, category_recall_floor = DEV_SETS[name]
    rows = load_rows(HERE / name)
    assert len(rows) == size and all(set(r["categories"]) <= set(CATEGORIES) for r in rows)
    scores = score(rows, classify_text)
    report = table(scores, f"classifier on the development set ({name})")
    print("\n" + report)
    assert scores.binary.precision >= binary_floor, report
    assert scores.binary.recall >= binary_floor, report
    for category, counts in scores.categories.items():
        assert counts.recall >= category_recall_floor, f"{category} recall {counts.recall:.3f}\n{report}"
