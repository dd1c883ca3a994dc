"""`wayfinder clocks`: the command that exposes the assessment clocks (docs/reference/clocks.md)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from wayfinder.cli import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "reference" / "clocks-example.json"


def clocks(capsys, monkeypatch, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exit_:
        main(["clocks", *args])
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_the_readme_shows_the_commands_real_output_for_the_documented_example(capsys, monkeypatch):
    code, out, _ = clocks(capsys, monkeypatch, str(EXAMPLE))
    assert code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"clocks docs/reference/clocks-example\.json\n```\n\n```json\n(.*?)\n```", readme, re.S)
    assert shown, "the README no longer shows the clocks example"
    assert json.loads(shown.group(1)) == json.loads(out)


def test_a_case_on_standard_input_prints_its_deadlines(capsys, monkeypatch):
    case = {"process": "ehc_needs_assessment", "as_of": "2024-10-15",
            "events": [{"event": "request_received", "date": "2024-09-02"}]}
    code, out, err = clocks(capsys, monkeypatch, stdin=json.dumps(case))
    assert (code, err) == (0, "")
    decision = json.loads(out)["deadlines"][0]
    assert decision == {"step": "decision_whether_to_assess", "due": "2024-10-14", "done": None,
                        "status": "overdue", "rule": "ASSESS-DECISION", "exception": None}


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"process": "ehc_needs_assessment", "as_of": "2025-01-01", "events": [{"event": "party", "date": '
         '"2024-01-01"}]}', 'unknown event "party"'),
        ('{"process": "ehc_needs_assessment", "as_of": "2025-01-01", "events": ['
         '{"event": "request_received", "date": "2024-09-02"},'
         '{"event": "decision_to_assess", "date": "2024-08-30", "outcome": "assess"}]}', "before the request"),
    ],
)
def test_bad_input_exits_with_code_2_and_a_reason_and_prints_nothing_else(capsys, monkeypatch, stdin, message):
    code, out, err = clocks(capsys, monkeypatch, stdin=stdin)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_a_missing_file_is_a_clear_error(capsys, monkeypatch, tmp_path):
    code, out, err = clocks(capsys, monkeypatch, str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err and out == ""
