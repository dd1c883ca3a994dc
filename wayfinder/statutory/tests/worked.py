"""The worked examples of statutory-timescales.md §4, read from the document itself.

Tests check each computed date the document states against the engine, and quote the document's verdicts,
so a change to the document that the engine does not follow fails.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

TIMESCALES = Path(__file__).resolve().parents[3].parent / "shared" / "docs" / "statutory-timescales.md"
DOC_DATE = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}"


def worked_examples() -> dict[int, tuple[str, str, str]]:
    """§4 of the timescales document: example number -> (scenario, computed dates, verdicts)."""
    if not TIMESCALES.exists():
        pytest.fail(f"{TIMESCALES} is missing: the shared documents must sit beside the repository")
    section = TIMESCALES.read_text(encoding="utf-8").split("## 4. Worked examples", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows[int(cells[0])] = (cells[1], cells[2], cells[3])
    return rows


def doc_date(text: str) -> date:
    return datetime.strptime(text, "%a %d %b %Y").date()


def quoted(example: int, phrase: str) -> None:
    """The verdict being tested is the document's own words."""
    row = " ".join(worked_examples()[example]).replace("**", "")
    assert phrase in row, f"worked example {example} no longer says {phrase!r}"


