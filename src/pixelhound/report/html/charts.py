"""The charts section: recipients by disclosures, recipient by consent choice and by site, and
health categories per recipient; inline SVG and tables, no script."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from pixelhound.model import ACCEPT_ALL, NO_INTERACTION, REJECT_ALL, Disclosure
from pixelhound.report.html.index import ReportIndex
from pixelhound.report.html.text import SCENARIO_ORDER, cut
from pixelhound.wording import CATEGORY_LABELS, category_label
from pixelhound.report.html.views import Bar, Matrix
from pixelhound.settings import HTML_MAX_CHART_ROWS

BAR_WIDTH = 520  # pixels of the longest bar in the 900-wide bar chart
MATRIX_COLUMN = 150  # pixels per column of a matrix chart


class ChartSection(ReportIndex):
    """Every chart of the report."""


    def bar_chart(self) -> list[Bar]:
        people = sorted(self.people, key=lambda p: (-p.health_disclosures, -p.disclosures, p.company))
        people = people[:HTML_MAX_CHART_ROWS]
        top = max((p.disclosures for p in people), default=1) or 1
        bars = []
        for row, person in enumerate(people):
            other = person.disclosures - person.health_disclosures
            bars.append(Bar(
                label=cut(person.company, 34),
                full=person.company,
                health=person.health_disclosures,
                other=other,
                y=row * 26,
                health_width=round(BAR_WIDTH * person.health_disclosures / top, 1),
                other_width=round(BAR_WIDTH * other / top, 1),
            ))
        return bars

    def _matrix(
        self, title: str, columns: list[str], labels: dict[str, str], column_of: Callable[[Disclosure], str], caption: str
    ) -> Matrix | None:
        counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for disclosure in self.analysis.disclosures:
            column = column_of(disclosure)
            if column in columns:
                cell = counts[(disclosure.vendor, column)]
                cell[0] += 1
                cell[1] += disclosure.sensitivity.sensitive
        people = [p for p in sorted(self.people, key=lambda p: (-p.health_disclosures, -p.disclosures, p.company))]
        people = people[:HTML_MAX_CHART_ROWS]
        if not people:
            return None
        top = max((c[0] for c in counts.values()), default=1) or 1
        rows = []
        for person in people:
            cells = []
            for column in columns:
                total, health = counts.get((person.vendor, column), [0, 0])
                fill = _cell_fill(total, health, top)
                cells.append((total, health, fill, _ink(fill)))
            rows.append((cut(person.company, 30), person.company, cells))
        return Matrix(
            title=title,
            columns=[cut(labels.get(c, c).removeprefix("www."), 19) for c in columns],
            rows=rows,
            width=230 + MATRIX_COLUMN * len(columns),
            height=40 + 26 * len(rows),
            caption=caption,
        )

    def scenario_matrix(self) -> Matrix | None:
        present = {self.scenario_of(d) for d in self.analysis.disclosures} | {
            s.scenario for s in self.analysis.sources
        }
        columns = [s for s in SCENARIO_ORDER if s in present] + sorted(s for s in present if s and s not in SCENARIO_ORDER)
        if not columns:
            return None
        return self._matrix(
            "Disclosures per recipient under each consent choice",
            columns,
            {NO_INTERACTION: "No interaction", REJECT_ALL: "Reject all", ACCEPT_ALL: "Accept all"},
            self.scenario_of,
            "Each cell: disclosures that company received under that cookie-banner choice; red = some were health-related.",
        )

    def site_matrix(self) -> Matrix | None:
        columns = list(self.sources_of_site)
        if len(columns) < 2 or len(columns) > 12:
            return None
        return self._matrix(
            "Disclosures per recipient on each site",
            columns,
            {},
            self.site_of,
            "Each cell: disclosures that company received on that site; red = some were health-related.",
        )

    def category_table(self) -> tuple[list[str], list[tuple[str, list[tuple[int, str, str]]]]]:
        counts: dict[tuple[str, str], int] = Counter()
        categories: list[str] = []
        for disclosure in self.analysis.disclosures:
            for category in disclosure.sensitivity.categories:
                counts[(disclosure.vendor, category)] += 1
                if category not in categories:
                    categories.append(category)
        order = list(CATEGORY_LABELS)
        categories.sort(key=lambda c: order.index(c) if c in order else len(order))
        top = max(counts.values(), default=1)
        rows = []
        for person in self.people:
            if person.health_disclosures:
                cells = []
                for category in categories:
                    fill = _heat(counts.get((person.vendor, category), 0), top)
                    cells.append((counts.get((person.vendor, category), 0), fill, _ink(fill)))
                rows.append((person.company, cells))
        return [category_label(c) for c in categories], rows



def _heat(count: int, top: int) -> str:
    """A red of strength proportional to the count (white for none)."""
    if not count:
        return "#ffffff"
    strength = 0.35 + 0.65 * count / top
    mix = lambda full: round(255 - (255 - full) * strength)  # noqa: E731
    return f"#{mix(0xb3):02x}{mix(0x26):02x}{mix(0x1e):02x}"


def _cell_fill(total: int, health: int, top: int) -> str:
    if health:
        return _heat(top if health * 2 >= total else max(1, top // 2), top)
    if not total:
        return "#ffffff"
    strength = 0.15 + 0.6 * total / top
    grey = round(255 - (255 - 0x60) * strength)
    return f"#{grey:02x}{grey:02x}{min(255, grey + 12):02x}"


def _ink(fill: str) -> str:
    """Dark or white text, whichever reads on that fill."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 150 else "#1b1f24"
