"""The content of an EHC plan, sections A to K (SEND Regulations 2014 reg 12(1)), as structured data.

A version's ``content`` is a JSON object::

    {"a": "...",                                   # A: views, interests and aspirations
     "needs": [{"ref": "B1", "text", "sen_type", "rank"}],          # B: special educational needs
     "c": "...", "d": "...",                      # C: health needs; D: social care needs
     "outcomes": [{"ref": "E1", "text", "by_when", "measure", "pfa"}],  # E: outcomes
     "provision": [{"ref": "F1", "need_refs": ["B1"], "what", "who", "frequency", "duration",
                    "group_size", "review"}],    # F: special educational provision
     "g": "...", "h1": "...", "h2": "...",        # G: health provision; H1/H2: social care provision
     "placement": {"setting_id": 12 | null, "setting_name": "...", "setting_type": "..."},  # I
     "personal_budget": "...",                   # J
     "advice": [{"source", "from", "requested_on", "received_on"}]}  # K: set from the advice requests

Section K is never typed: it is written from the assessment's advice requests when a draft is served
and when the plan is issued (reg 12(1)(k)).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TEXT_SECTIONS = {
    "a": "A: the views, interests and aspirations of the child and their parents, or of the young person",
    "c": "C: health needs related to their special educational needs or disability",
    "d": "D: social care needs related to their special educational needs or disability",
    "g": "G: health provision",
    "h1": "H1: social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "h2": "H2: any other social care provision",
    "personal_budget": "J: personal budget",
}
NEED_FIELDS = ("ref", "text", "sen_type", "rank")
OUTCOME_FIELDS = ("ref", "text", "by_when", "measure", "pfa")
PROVISION_FIELDS = ("ref", "need_refs", "what", "who", "frequency", "duration", "group_size", "review")


def empty_content() -> dict[str, Any]:
    return {"a": "", "needs": [], "c": "", "d": "", "outcomes": [], "provision": [], "g": "", "h1": "", "h2": "",
            "placement": {"setting_id": None, "setting_name": "", "setting_type": ""}, "personal_budget": "",
            "advice": []}


def normalised(content: Mapping[str, Any]) -> dict[str, Any]:
    """Every key present, text stripped, list items renumbered in order (B1, B2…; E1…; F1…)."""
    out = empty_content()
    for key in TEXT_SECTIONS:
        out[key] = str(content.get(key, "") or "").strip()
    out["needs"] = [
        {"ref": f"B{i}", "text": str(n.get("text", "")).strip(), "sen_type": str(n.get("sen_type", "")),
         "rank": int(n.get("rank") or i)}
        for i, n in enumerate(content.get("needs", []), start=1)
    ]
    out["outcomes"] = [
        {"ref": f"E{i}", "text": str(o.get("text", "")).strip(), "by_when": str(o.get("by_when", "")).strip(),
         "measure": str(o.get("measure", "")).strip(), "pfa": bool(o.get("pfa"))}
        for i, o in enumerate(content.get("outcomes", []), start=1)
    ]
    out["provision"] = [
        {"ref": f"F{i}", "need_refs": [str(r) for r in p.get("need_refs", [])],
         **{k: str(p.get(k, "")).strip() for k in PROVISION_FIELDS[2:]}}
        for i, p in enumerate(content.get("provision", []), start=1)
    ]
    placement = content.get("placement") or {}
    out["placement"] = {"setting_id": placement.get("setting_id"),
                        "setting_name": str(placement.get("setting_name", "") or "").strip(),
                        "setting_type": str(placement.get("setting_type", "")).strip()}
    out["advice"] = list(content.get("advice", []))
    return out


# --------------------------------------------------------------------------------------------- readable diff


@dataclass(frozen=True)
class Change:
    section: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


def _lines(content: Mapping[str, Any]) -> dict[str, str]:
    """Each section (and each item in B, E, F) as one readable line, keyed for comparison."""
    c = normalised(content)
    out = {TEXT_SECTIONS[k]: c[k] for k in TEXT_SECTIONS}
    for n in c["needs"]:
        out[f"{n['ref']} (need)"] = f"{n['text']} [{n['sen_type']}, rank {n['rank']}]"
    for o in c["outcomes"]:
        pfa = "; preparing for adulthood" if o["pfa"] else ""
        out[f"{o['ref']} (outcome)"] = f"{o['text']}; by {o['by_when']}; we will know by {o['measure']}{pfa}"
    for p in c["provision"]:
        parts = [p["what"], p["who"], p["frequency"], p["duration"], p["group_size"], p["review"]]
        out[f"{p['ref']} (provision for {', '.join(p['need_refs']) or 'no need'})"] = "; ".join(x for x in parts if x)
    place = c["placement"]
    out["I: placement"] = ", ".join(x for x in (place["setting_name"], place["setting_type"]) if x)
    return out


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed between two versions, section by section, in plan order."""
    old, new = _lines(before), _lines(after)
    keys = list(dict.fromkeys([*old, *new]))
    return [Change(k, old.get(k, ""), new.get(k, "")) for k in keys if old.get(k, "") != new.get(k, "")]


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(``"same"|"removed"|"added"``, words) runs, for showing a change inline with ``<del>``/``<ins>``."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", " ".join(b[j1:j2])))
    return out
