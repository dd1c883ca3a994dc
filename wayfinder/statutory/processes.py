"""Every process ``wayfinder clocks`` knows, by the name its input gives in ``"process"``.

Each process module has ``PROCESS`` (its name), ``parse_case(data) -> (case, as_of)`` and
``evaluate(case, as_of) -> ClockReport``; ``docs/reference/clocks.md`` documents their events and steps.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from .clock import CaseError, ClockReport

#: process name -> module (in wayfinder.statutory) that computes its clocks.
PROCESSES = {
    "ehc_needs_assessment": "assessment",
    "annual_review": "review",
    "phase_transfer": "phase",
    "plan_transfer": "transfer",
    "disagreement": "disagreement",
}


def evaluate_input(data: Any) -> ClockReport:
    """The report for one case as ``wayfinder clocks`` reads it; :class:`CaseError` on bad input."""
    process = data.get("process") if isinstance(data, dict) else None
    if process not in PROCESSES:
        if not isinstance(data, dict):
            raise CaseError("The case must be a JSON object with process, as_of and events")
        raise CaseError(f"process must be one of {', '.join(PROCESSES)}, not {json.dumps(process)}")
    module = importlib.import_module(f"{__package__}.{PROCESSES[process]}")
    case, as_of = module.parse_case(data)
    return module.evaluate(case, as_of)
