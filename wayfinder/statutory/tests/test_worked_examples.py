"""Every worked example of statutory-timescales.md §4 is checked by the test module of its process."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

from wayfinder.statutory.processes import PROCESSES, evaluate_input

from . import __path__ as tests_path
from .worked import worked_examples

#: Worked examples whose process has no engine yet (re-assessment, reg 25-27).
NOT_YET_MODELLED = {17}


def test_every_worked_example_is_checked_by_exactly_one_process_test_module():
    covered: dict[int, str] = {}
    for module in pkgutil.iter_modules(tests_path):
        if not module.name.startswith("test_"):
            continue
        examples = getattr(importlib.import_module(f"{__package__}.{module.name}"), "WORKED_EXAMPLES", set())
        for n in examples:
            assert n not in covered, f"worked example {n} is claimed by {covered[n]} and {module.name}"
            covered[n] = module.name
    assert ASSESSMENT_FIRST in covered.values()
    assert set(worked_examples()) == covered.keys() | NOT_YET_MODELLED


ASSESSMENT_FIRST = "test_assessment"


def test_every_process_is_documented_with_an_example_input_that_the_command_reads():
    reference = Path(__file__).resolve().parents[3] / "docs" / "reference"
    text = (reference / "clocks.md").read_text(encoding="utf-8")
    examples = {json.loads(p.read_text())["process"]: p for p in reference.glob("clocks-*.json")}
    for process in PROCESSES:
        assert f"## Process `{process}`" in text, f"clocks.md has no section for {process}"
    for process, path in examples.items():
        assert process in PROCESSES
        report = evaluate_input(json.loads(path.read_text()))
        assert report.process == process and report.deadlines, path.name
