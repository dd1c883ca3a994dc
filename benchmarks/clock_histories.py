"""Event histories of EHC needs assessments at national scale, for the clocks sweep benchmark.

    from benchmarks.clock_histories import generate
    frames = generate(seed=2025)          # a wayfinder.statutory.sweep.Frames of polars DataFrames
    paths = write_parquet(frames, folder)  # the same frames as Parquet files, for DuckDB

Two populations, both as of :data:`AS_OF`:

- **plans** (640,000 by default, about England's caseload): completed assessments, request → decision to
  assess (reg 5(1)) → advice from education, health, social care and psychology (reg 6(1), reg 8(1);
  sometimes "other", sometimes a second request to a body) → decision to issue (reg 10) → consultation with
  the setting (CAFA s39–40) → draft served (reg 13(1)) → final plan (reg 13(2)). Requests are spread over
  the ten years before ``AS_OF``.
- **requests** (155,000 by default): requests of the last 2 years that have no final plan yet, in every
  state: awaiting the decision whether to assess, refused, assessing with advice awaited or overdue,
  decided not to issue, issuing (consulting), draft served, and withdrawn at any stage.

Proportions. The shares that the DfE publishes (``shared/data/dfe-ehcp``, "Education, health and care
plans", the latest calendar year with national figures) are read at run time, never copied: plans issued
within 20 weeks / within a year / later (``timeliness_20_week.csv``; 2023: 49.1 % / 45.0 % / 5.1 %), plans
issued with an exception (1 − ``plans_issued_den_ex`` / ``plans_issued_den``; 2023: 5.5 %), requests decided
within 6 weeks (``requests.csv``; 2023: 84.8 %), and among requests the shares refused and withdrawn. Where
the folder is missing the generator uses round figures (50 %, 45 %, 5 %, 5.5 %, 85 %) and says so in
:data:`Shares.source`. The rest is assumed, not published: which advice is late (education 15 %, health
25 %, social care 25 %, psychology 35 %), how many education advice requests carry the institution's
closure calendar (20 %; a third of early years providers have none), the mix of open states, and how
exceptions are recorded (on 7.5 % of the plans issued late and 2 % of the others, about 4.7 % in all;
with the closure windows of the calendars, about 5 % of plans have an exception to the 20-week limit,
against the DfE's 5.5 %: ``benchmarks/results/clocks_sweep.json`` reports the shares generated).

Dates are generated as integer days with numpy (seeded, reproducible) and returned as polars ``Date``
columns in the frames :func:`wayfinder.statutory.sweep.sweep` takes. Generation takes a few seconds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from wayfinder.statutory.sweep import Frames

ROOT = Path(__file__).resolve().parent.parent
DFE = ROOT.parent / "shared" / "data" / "dfe-ehcp" / "release-2025-without-latest-year"
AS_OF = date(2025, 6, 30)
EPOCH = date(1970, 1, 1)
PLANS = 640_000
REQUESTS = 155_000
SOURCES = ("education", "health", "social_care", "psychology", "other")
LATE_ADVICE = {"education": 0.15, "health": 0.25, "social_care": 0.25, "psychology": 0.35, "other": 0.2}
INSTITUTIONS = ("school", "post16", "early_years")
INSTITUTION_SHARES = (0.82, 0.10, 0.08)
#: School holidays as (first closed day after 1 September, length in days), the weekends included.
HOLIDAYS = ((52, 9), (110, 16), (165, 9), (212, 16), (267, 9), (323, 45))


@dataclass(frozen=True)
class Shares:
    within_20_weeks: float = 0.50
    within_a_year: float = 0.45
    over_a_year: float = 0.05
    with_exception: float = 0.055
    decision_within_6_weeks: float = 0.85
    refused: float = 0.24
    withdrawn: float = 0.015
    year: str = ""
    source: str = "assumed round figures (shared/data/dfe-ehcp not found)"


def _national(path: Path, breakdown: str, needed: tuple[str, ...]) -> dict[str, str] | None:
    """The latest national row of a DfE file whose ``needed`` columns hold numbers."""
    best = None
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["geographic_level"] != "National" or row["breakdown"] != breakdown:
                continue
            if all(row.get(k, "x") not in ("x", "z", "") for k in needed) and (
                    best is None or row["time_period"] > best["time_period"]):
                best = row
    return best


def dfe_shares(folder: Path = DFE) -> Shares:
    """The national shares of the latest year the DfE files give, or round figures without them."""
    if not folder.is_dir():
        return Shares()
    timeliness = _national(folder / "timeliness_20_week.csv", "All EHC plans issued",
                           ("plans_issued_den", "plans_issued_within_20_weeks", "plans_issued_gt_1_year"))
    requests = _national(folder / "requests.csv", "All requests for EHC needs assessments",
                         ("requests_received_in_year", "request_outcome_six_weeks", "requests_withdrawn"))
    if timeliness is None or requests is None:
        return Shares()
    den = float(timeliness["plans_issued_den"])
    within = float(timeliness["plans_issued_within_20_weeks"]) / den
    over = float(timeliness["plans_issued_gt_1_year"]) / den
    decided = float(requests["request_outcome_six_weeks"]) + float(requests["request_outcome_over_6_weeks"])
    received = float(requests["requests_received_in_year"])
    return Shares(
        within_20_weeks=within, within_a_year=1 - within - over, over_a_year=over,
        with_exception=1 - float(timeliness["plans_issued_den_ex"]) / den,
        decision_within_6_weeks=float(requests["request_outcome_six_weeks"]) / decided,
        refused=float(requests["requests_decided_not_to_assess"]) / received,
        withdrawn=float(requests["requests_withdrawn"]) / received,
        year=f"plans {timeliness['time_period']}, requests {requests['time_period']}",
        source=f"DfE SEN2 national figures ({folder.relative_to(ROOT.parent)})",
    )


# --------------------------------------------------------------------------------------------- helpers

NONE = np.iinfo(np.int32).min  # "no date" while generating


def _u(rng: np.random.Generator, low, high, n: int) -> np.ndarray:
    """Uniform integers from ``low`` to ``high`` inclusive (arrays or scalars)."""
    low, high = np.broadcast_to(low, n), np.broadcast_to(high, n)
    return (low + np.floor(rng.random(n) * (high - low + 1))).astype(np.int32)


def _date_col(values: np.ndarray) -> pl.Series:
    out = pl.Series(values.astype(np.int32))
    return out.set(out == NONE, None).cast(pl.Date) if (values == NONE).any() else out.cast(pl.Date)


class _Batch:
    """Rows collected for one population, turned into frames at the end."""

    def __init__(self) -> None:
        self.advice: list[dict[str, np.ndarray]] = []
        self.closures: list[dict[str, np.ndarray]] = []
        self.exceptions: list[dict[str, np.ndarray]] = []
        self.consultations: list[dict[str, np.ndarray]] = []


def _advice(rng, batch: _Batch, ids, asked_from, asked_by, received_by, *, p_other: float, p_repeat: float,
            complete: bool) -> None:
    """Advice requests of every case in ``ids``: the four bodies asked between ``asked_from`` and
    ``asked_by``, "other" for some, a second request to psychology or "other" for a few (10–30 days after the
    first); each answered on time or late. A complete assessment has all its advice by ``received_by`` (the
    decision to issue); an open one has only what arrived by then (the rest is awaited)."""
    n = len(ids)
    seq = np.zeros(n, np.int32)
    for source in SOURCES:
        take = np.ones(n, bool) if source != "other" else rng.random(n) < p_other
        repeat = take & (rng.random(n) < p_repeat) if source in ("psychology", "other") else np.zeros(n, bool)
        first = _u(rng, asked_from, np.maximum(asked_from, asked_by), n)
        second = np.minimum(first + _u(rng, 10, 30, n), np.maximum(first, received_by - 1))
        answers = np.full(n, NONE, np.int32)
        for nth, (mask, asked) in enumerate(((take, first[take]), (repeat, second[repeat]))):
            k = int(mask.sum())
            late = rng.random(k) < LATE_ADVICE[source]
            answer = asked + np.where(late, _u(rng, 43, 100, k), _u(rng, 10, 42, k))
            limit = received_by[mask]
            answer = np.maximum(np.minimum(answer, limit), asked) if complete else np.where(answer > limit, NONE,
                                                                                               answer)
            if nth:  # advice answers the earliest open request from its source (parse_case): first come first
                earlier = answers[mask]
                answer = np.where((earlier == NONE) | (answer == NONE), NONE, np.maximum(answer, earlier))
            answers[mask] = answer
            institution = (rng.choice(INSTITUTIONS, k, p=INSTITUTION_SHARES) if source == "education"
                           else np.full(k, "school"))
            batch.advice.append({
                "case_id": ids[mask], "seq": seq[mask].copy(), "source": np.full(k, source),
                "requested": asked, "received": answer, "institution": institution,
            })
            if source == "education":
                _closures(rng, batch, ids[mask], seq[mask].copy(), asked, institution)
            seq[mask] += 1


def _closures(rng, batch: _Batch, ids, seq, asked, institution) -> None:
    """The closure calendar of the institution asked for educational advice, for 20 % of requests (a third of
    early years providers are open all year): its holidays from 60 days before the request to 120 after,
    each school's dates moved by a few days, summer sometimes entered as two periods and sometimes with an
    INSET day next to it (``ClosureCalendar`` joins them into one continuous closure)."""
    keep = (rng.random(len(ids)) < 0.20) & ~((institution == "early_years") & (rng.random(len(ids)) < 1 / 3))
    ids, seq, asked = ids[keep], seq[keep], asked[keep]
    k = len(ids)
    day = asked.astype("datetime64[D]")
    year = day.astype("datetime64[Y]").astype(int) + 1970
    month = day.astype("datetime64[M]").astype(int) % 12
    academic = np.where(month >= 8, year, year - 1)
    jitter = _u(rng, -3, 3, k)
    split = rng.random(k) < 0.2
    inset = rng.random(k) < 0.3
    starts, ends, owners, seqs = [], [], [], []
    for offset in (-1, 0, 1):
        first_sept = (((academic + offset - 1970) * 12 + 8).astype("datetime64[M]")
                      .astype("datetime64[D]").astype(np.int64).astype(np.int32))
        for h, (start, length) in enumerate(HOLIDAYS):
            s = first_sept + start + jitter
            e = s + length - 1
            summer = h == len(HOLIDAYS) - 1
            pieces = [(s, np.where(summer & split, s + 20, e))]
            if summer:
                pieces.append((np.where(split, s + 21, NONE), np.where(split, e, NONE)))
                pieces.append((np.where(inset, e + 1, NONE), np.where(inset, e + 1, NONE)))
            for ps, pe in pieces:
                near = (ps != NONE) & (pe >= asked - 60) & (ps <= asked + 120)
                starts.append(ps[near])
                ends.append(pe[near])
                owners.append(ids[near])
                seqs.append(seq[near])
    batch.closures.append({"case_id": np.concatenate(owners), "seq": np.concatenate(seqs),
                           "start": np.concatenate(starts), "end": np.concatenate(ends)})


def _exceptions(rng, batch: _Batch, ids, request, span) -> None:
    """One recorded exception per case in ``ids``: exceptional personal circumstances (60 %) or an absence
    from the area (20 %, a fifth of them too short to count) for the authority's clocks, or a body's own
    exception to its advice (20 %: circumstances or a missed appointment)."""
    k = len(ids)
    which = rng.random(k)
    start = request + _u(rng, 0, np.maximum(span - 1, 0), k)
    absence = (which >= 0.6) & (which < 0.8)
    length = np.where(absence, np.where(rng.random(k) < 0.8, _u(rng, 28, 70, k), _u(rng, 7, 27, k)),
                      _u(rng, 7, 60, k))
    body = which >= 0.8
    missed = body & (rng.random(k) < 0.5)
    start = np.where(body, np.minimum(request + _u(rng, 30, 80, k), request + np.maximum(span - 1, 0)), start)
    kind = np.where(absence, "absence_from_area", np.where(missed, "missed_appointment", "personal_circumstances"))
    batch.exceptions.append({
        "case_id": ids, "seq": np.zeros(k, np.int32), "kind": kind,
        "start": start, "end": np.where(missed, start, start + length - 1),
        "source": np.where(body, rng.choice(SOURCES[:4], k), ""),
    })


def _consultations(rng, batch: _Batch, ids, sent_from, sent_by, answered_by) -> None:
    """The settings consulted on being named (1 for 85 % of cases, 2 for 10 %), answered within 15 days
    (70 %), later (25 %) or not at all."""
    n = len(ids)
    count = rng.choice([0, 1, 2], n, p=[0.05, 0.85, 0.10])
    for seq in (0, 1):
        mask = count > seq
        k = int(mask.sum())
        sent = _u(rng, sent_from[mask], np.maximum(sent_from[mask], sent_by[mask]), k)
        r = rng.random(k)
        answer = np.where(r < 0.7, sent + _u(rng, 1, 15, k), np.where(r < 0.95, sent + _u(rng, 16, 40, k), NONE))
        answer = np.where(answer > answered_by[mask], NONE, answer)
        batch.consultations.append({
            "case_id": ids[mask], "seq": np.full(k, seq, np.int32),
            "setting": np.char.add(f"1{seq}", rng.integers(10_000, 100_000, k).astype("U5")),
            "sent": sent, "responded": answer,
        })


# --------------------------------------------------------------------------------------------- populations


def _plans(rng, n: int, first_id: int, shares: Shares, as_of: int, batch: _Batch) -> dict[str, np.ndarray]:
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    band = rng.choice(3, n, p=[shares.within_20_weeks, shares.within_a_year, shares.over_a_year])
    weeks20 = np.where(band == 0, _u(rng, 84, 140, n),
                       np.where(band == 1, np.minimum(141 + rng.exponential(70, n).astype(np.int32), 364),
                                _u(rng, 365, 600, n)))
    request = as_of - weeks20 - _u(rng, 0, 10 * 365, n)
    on_time = rng.random(n) < shares.decision_within_6_weeks
    decision = request + np.minimum(np.where(on_time, _u(rng, 14, 42, n), _u(rng, 43, 84, n)), weeks20 - 60)
    premature = rng.random(n) < 0.01
    draft = request + weeks20 - np.where(premature, _u(rng, 3, 14, n), _u(rng, 15, 35, n))
    to_issue = np.maximum(draft - _u(rng, 0, 10, n), decision + 14)
    draft = np.maximum(draft, to_issue)
    final = np.maximum(request + weeks20, draft)
    _advice(rng, batch, ids, decision, decision + 7, to_issue, p_other=0.08, p_repeat=0.03, complete=True)
    _consultations(rng, batch, ids, to_issue, draft, np.full(n, as_of))
    # Exceptions are recorded mostly on plans issued late (the DfE's "excluding exceptions" gap).
    late = band > 0
    chosen = np.where(late, rng.random(n) < 0.075, rng.random(n) < 0.02)
    _exceptions(rng, batch, ids[chosen], request[chosen], weeks20[chosen])
    none = np.full(n, NONE, np.int32)
    return {"case_id": ids, "request_received": request, "decision_to_assess": decision,
            "assess": np.ones(n, np.int8), "decision_to_issue": to_issue, "issue": np.ones(n, np.int8),
            "draft_served": draft, "final_issued": final, "withdrawn": none}


OPEN_STATES = ("awaiting_decision", "refused", "assessing", "not_issuing", "issuing", "draft_served", "withdrawn")


def _requests(rng, n: int, first_id: int, shares: Shares, as_of: int, batch: _Batch) -> dict[str, np.ndarray]:
    """Requests of the last two years without a final plan, in every state. The share refused is the DfE's
    share of requests refused, the share withdrawn four times its share withdrawn (withdrawals fall among the
    requests still open); the other states split the rest (assumed)."""
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    withdrawn_share = min(4 * shares.withdrawn, 0.2)
    rest = 1 - shares.refused - withdrawn_share
    weights = np.array([0.17, 0, 0.40, 0.07, 0.12, 0.24, 0]) * rest
    weights[1], weights[6] = shares.refused, withdrawn_share
    state = rng.choice(len(OPEN_STATES), n, p=weights / weights.sum())
    age = np.select(
        [state == 0, state == 2, state == 3, state == 4, state == 5],
        [np.where(rng.random(n) < 0.85, _u(rng, 0, 42, n), _u(rng, 43, 120, n)), _u(rng, 45, 300, n),
         _u(rng, 90, 500, n), _u(rng, 90, 400, n), _u(rng, 110, 450, n)],
        _u(rng, 20, 730, n),
    )
    request = as_of - age
    on_time = rng.random(n) < shares.decision_within_6_weeks
    decision = request + np.minimum(np.where(on_time, _u(rng, 14, 42, n), _u(rng, 43, 84, n)), age)
    stage = np.where(state == 6, rng.integers(0, 6, n), np.array([0, 1, 2, 3, 4, 5, 0])[state])
    # stage: 0 no decision, 1 refused, 2 assessing, 3 not issuing, 4 issuing, 5 draft served.
    decided = stage >= 1
    assessed = stage >= 2
    after = np.maximum(decision + 40, np.minimum(request + age, decision + _u(rng, 50, 140, n)))
    to_issue = np.where(stage >= 3, np.minimum(after, as_of), NONE)
    draft = np.where(stage >= 5, np.minimum(to_issue + _u(rng, 5, 30, n), as_of), NONE)
    last = np.select([stage == 5, stage >= 3, stage >= 1], [draft, to_issue, decision], request)
    withdrawn = np.where(state == 6, np.minimum(last + _u(rng, 0, 60, n), as_of), NONE)
    limit = np.where(withdrawn != NONE, withdrawn, np.where(stage >= 3, to_issue, as_of))
    a = assessed
    _advice(rng, batch, ids[a], decision[a], np.minimum(decision[a] + 7, limit[a]), limit[a],
            p_other=0.08, p_repeat=0.03, complete=False)
    issuing = stage >= 4
    consult_by = np.where(draft != NONE, draft, np.where(withdrawn != NONE, withdrawn, as_of))
    answered_by = np.where(withdrawn != NONE, withdrawn, as_of)
    _consultations(rng, batch, ids[issuing], to_issue[issuing], consult_by[issuing], answered_by[issuing])
    chosen = assessed & (rng.random(n) < 0.05)
    _exceptions(rng, batch, ids[chosen], request[chosen], np.minimum(age[chosen], 140))
    return {"case_id": ids, "request_received": request, "decision_to_assess": np.where(decided, decision, NONE),
            "assess": np.where(decided, np.where(assessed, 1, 0), -1).astype(np.int8),
            "decision_to_issue": to_issue,
            "issue": np.where(stage >= 4, 1, np.where(stage == 3, 0, -1)).astype(np.int8),
            "draft_served": draft, "final_issued": np.full(n, NONE, np.int32), "withdrawn": withdrawn}


def _frame(parts: list[dict[str, np.ndarray]], dates: tuple[str, ...], strings: tuple[str, ...]) -> pl.DataFrame:
    columns = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    out = {}
    for key, values in columns.items():
        if key in dates:
            out[key] = _date_col(values)
        elif key in strings:
            out[key] = pl.Series(values.astype(str), dtype=pl.String)
        elif key in ("assess", "issue"):
            out[key] = pl.Series(values).replace_strict({1: True, 0: False, -1: None}, return_dtype=pl.Boolean)
        elif key == "seq":
            out[key] = pl.Series(values.astype(np.int32))
        else:
            out[key] = pl.Series(values)
    return pl.DataFrame(out)


def generate(plans: int = PLANS, requests: int = REQUESTS, seed: int = 2025, as_of: date = AS_OF,
             shares: Shares | None = None) -> Frames:
    """The sweep's five input frames for ``plans`` completed assessments and ``requests`` open ones."""
    rng = np.random.default_rng(seed)
    shares = shares or dfe_shares()
    day = (as_of - EPOCH).days
    batch = _Batch()
    cases = [_plans(rng, plans, 1, shares, day, batch), _requests(rng, requests, plans + 1, shares, day, batch)]
    advice = _frame(batch.advice, ("requested", "received"), ("source", "institution"))
    closures = _frame(batch.closures, ("start", "end"), ())
    # Number each case's requests in the order parse_case lists them: by date, then by source.
    rank = {s: i for i, s in enumerate(SOURCES)}
    advice = (
        advice.with_columns(pl.col("source").replace_strict(rank, return_dtype=pl.Int8).alias("_rank"))
        .sort("case_id", "requested", "_rank", "seq")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int32).over("case_id").alias("_seq"))
    )
    closures = (closures.join(advice.select("case_id", "seq", "_seq"), on=["case_id", "seq"])
                .select("case_id", pl.col("_seq").alias("seq"), "start", "end").sort("case_id", "seq", "start"))
    advice = advice.select("case_id", pl.col("_seq").alias("seq"), "source", "requested", "received", "institution")
    return Frames(
        cases=_frame(cases, ("request_received", "decision_to_assess", "decision_to_issue", "draft_served",
                             "final_issued", "withdrawn"), ()),
        advice=advice,
        exceptions=_frame(batch.exceptions, ("start", "end"), ("kind", "source")).sort("case_id", "seq"),
        closures=closures,
        # parse_case lists consultations in the order they were sent.
        consultations=_frame(batch.consultations, ("sent", "responded"), ("setting",))
        .sort("case_id", "sent", "setting")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int32).over("case_id").alias("seq")),
    )


def events_of(frames: Frames, case_ids: list[int], as_of: date = AS_OF) -> dict[int, dict]:
    """The ``wayfinder clocks`` JSON input (``docs/reference/clocks.md``) of some generated cases, so that
    :func:`~wayfinder.statutory.assessment.parse_case` can check them and the engine evaluate them."""
    wanted = pl.Series(case_ids)

    def rows(frame: pl.DataFrame) -> dict[int, list[dict]]:
        out: dict[int, list[dict]] = {}
        for row in frame.filter(pl.col("case_id").is_in(wanted.implode())).iter_rows(named=True):
            out.setdefault(row["case_id"], []).append(row)
        return out

    advice, closures = rows(frames.advice), rows(frames.closures)
    exceptions, consultations = rows(frames.exceptions), rows(frames.consultations)
    cases = {}
    for case in frames.cases.filter(pl.col("case_id").is_in(wanted.implode())).iter_rows(named=True):
        cid = case["case_id"]
        events = [{"event": "request_received", "date": case["request_received"].isoformat()}]
        if case["decision_to_assess"]:
            events.append({"event": "decision_to_assess", "date": case["decision_to_assess"].isoformat(),
                           "outcome": "assess" if case["assess"] else "not_assess"})
        for a in advice.get(cid, []):
            event = {"event": "advice_requested", "date": a["requested"].isoformat(), "from": a["source"],
                     "institution": a["institution"]}
            periods = [{"start": p["start"].isoformat(), "end": p["end"].isoformat()}
                       for p in closures.get(cid, []) if p["seq"] == a["seq"]]
            if periods:
                event["institution_closures"] = periods
            events.append(event)
            if a["received"]:
                events.append({"event": "advice_received", "date": a["received"].isoformat(), "from": a["source"]})
        if case["decision_to_issue"]:
            events.append({"event": "decision_to_issue", "date": case["decision_to_issue"].isoformat(),
                           "outcome": "issue" if case["issue"] else "not_issue"})
        for c in consultations.get(cid, []):
            events.append({"event": "consultation_sent", "date": c["sent"].isoformat(), "setting": c["setting"]})
            if c["responded"]:
                events.append({"event": "consultation_response", "date": c["responded"].isoformat(),
                               "setting": c["setting"]})
        for name, key in (("draft_plan_served", "draft_served"), ("final_plan_issued", "final_issued"),
                          ("withdrawn", "withdrawn")):
            if case[key]:
                events.append({"event": name, "date": case[key].isoformat()})
        for x in exceptions.get(cid, []):
            event = {"event": "exception", "kind": x["kind"], "start": x["start"].isoformat(),
                     "end": x["end"].isoformat()}
            if x["source"]:
                event["from"] = x["source"]
            events.append(event)
        cases[cid] = {"process": "ehc_needs_assessment", "as_of": as_of.isoformat(), "events": events}
    return cases


def write_parquet(frames: Frames, folder: Path) -> dict[str, Path]:
    """Each frame as ``<name>.parquet`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames._asdict().items():
        paths[name] = folder / f"{name}.parquet"
        frame.write_parquet(paths[name])
    return paths


if __name__ == "__main__":
    import time

    started = time.perf_counter()
    out = generate()
    print(f"generated in {time.perf_counter() - started:.1f} s; {dfe_shares()}")
    for name, frame in out._asdict().items():
        print(name, frame.shape)
        print(frame.head(3))
