"""The clocks of many EHC needs assessments at once: a columnar twin of :func:`assessment.evaluate`.

:func:`evaluate` computes the deadlines of one case; :func:`sweep` computes the same deadlines for a whole
caseload in a few polars queries (joins, group-bys and ``when/then`` expressions: no Python per case or per
row), for national-scale checks that would take far too long one :class:`~.assessment.AssessmentCase` at a
time (``benchmarks/clocks_sweep.py``: 795,000 cases in about a second). It
implements exactly the rules of ``assessment.py`` (``statutory-timescales.md`` §2.1, §2.2, §3), and
``tests/test_sweep.py`` proves row for row that the two agree:

============================== ====================== ==============================================
step                           rule                   law
============================== ====================== ==============================================
``decision_whether_to_assess`` ``ASSESS-DECISION``    SEND Regs 2014 reg 5(1); exceptions reg 5(4)(a)–(c)
``advice_<from>``              ``ASSESS-ADVICE-6W``   reg 8(1); exceptions reg 8(2)(a)–(c)
``decision_not_to_issue``      ``ASSESS-NO-PLAN-16W`` reg 10(1); exceptions reg 10(4)(a)–(d)
``consultation_<setting>``     ``PLAN-CONSULT-15D``   CAFA s39–40, Code of Practice 9.83 (guidance)
``draft_plan_latest``          ``PLAN-DRAFT-LATEST``  derived (§2.2), the reg 13(2) date less 15 days
``draft_comments_window``      ``PLAN-REPS-15D``      reg 13(1)(a); ``premature_final`` if the plan came first
``final_plan``                 ``PLAN-FINAL-20W``     reg 13(2); exceptions reg 13(3), importing reg 10(4)
============================== ====================== ==============================================

Input: five frames, one per kind of record of :class:`~.assessment.AssessmentCase` (build them from engine
objects with :func:`frames_from_cases`). ``case_id`` may be of any type that polars can join on.

``cases``
    ``case_id``, ``request_received`` (date, required), ``decision_to_assess``, ``decision_to_issue``,
    ``draft_served``, ``final_issued``, ``withdrawn`` (dates or null), ``assess``, ``issue`` (booleans or
    null: ``assess=false`` is a refusal to assess, ``issue=false`` a decision not to issue).
``advice``
    ``case_id``, ``seq`` (the request's place in ``AssessmentCase.advice``: 0, 1, 2 … within the case,
    without gaps, since the deadlines' ``pos`` follows it),
    ``source``, ``requested``, ``received`` (null while awaited), ``institution`` (``school``, ``post16``,
    ``early_years``) and, optionally, ``step``. Without a ``step`` column the steps are named as
    :func:`~.assessment.parse_case` names them: ``advice_<source>``, then ``advice_<source>_2`` … in
    ``seq`` order. With one, a value is used as it is (``AdviceRequest.step``) and a null or empty one
    falls back to ``advice_<source>``, as :func:`evaluate` does for an ``AdviceRequest`` built without a
    step.
``closures``
    ``case_id``, ``seq`` (the advice request whose institution was closed), ``start``, ``end`` (first and
    last closed day). Periods may overlap, touch, repeat or come in any order: like
    :class:`~.calendar.ClosureCalendar`, the sweep joins them into continuous runs before the closure
    window test (a run of at least 28 days; the request from 7 days before the first closed day to 7 days
    before re-opening, reg 5(4)(a), 10(4)(a)–(b)).
``exceptions``
    ``case_id``, ``seq`` (the record's place in ``AssessmentCase.exceptions``), ``kind``
    (``personal_circumstances``, ``absence_from_area``, ``missed_appointment``), ``start``, ``end`` and
    ``source`` (the advice source for reg 8(2); ``""`` or null for the authority's clocks).
``consultations``
    ``case_id``, ``seq`` (place in ``AssessmentCase.consultations``), ``setting``, ``sent``, ``responded``.

Output: ``deadlines``, one row per :class:`~.assessment.Deadline` (``case_id``, ``pos`` — its place in
``ClockReport.deadlines`` —, ``step``, ``rule``, ``due``, ``done``, ``status``, ``exception`` and
``premature_final``, the one flag the engine sets), and ``at_risk``, one row per
:class:`~.assessment.Risk` (``case_id``, ``pos``, ``step``, ``rule``, ``due``, ``reason``). Rows are not
sorted: sort on ``case_id, pos`` for the engine's order. ``rule``, ``status``, ``exception`` and
``reason`` are polars enums (:data:`RULE`, :data:`STATUS`, :data:`LIMB`, :data:`REASON`) holding the
engine's strings. :func:`reports_from_sweep` turns the rows back into :class:`~.assessment.ClockReport`
objects.

Like the engine, an exception never moves a due date (§3.1): it only turns ``late``/``overdue`` into
``excused``; whether it made compliance impractical is a human judgement recorded in casework.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable
from datetime import date
from typing import NamedTuple

import polars as pl

from .assessment import (
    ABSENCE_MIN_DAYS,
    ADVICE_AT_RISK_BEFORE_DUE,
    ADVICE_AT_RISK_BEFORE_FINAL,
    ADVICE_SOURCES,
    DECISION_AT_RISK_WEEK,
    DRAFT_AT_RISK_BEFORE_LATEST,
    FINAL_AT_RISK_BEFORE_DUE,
    ISSUE_DECISION_AT_RISK_WEEK,
    AssessmentCase,
    ClockReport,
    Deadline,
    ExceptionKind,
    Risk,
    Status,
)
from .calendar import CLOSURE_MIN_DAYS, CLOSURE_WINDOW_OFFSET

__all__ = [
    "CASES_SCHEMA",
    "CLOSURES_SCHEMA",
    "CONSULTATIONS_SCHEMA",
    "EXCEPTIONS_SCHEMA",
    "LIMB",
    "REASON",
    "RULE",
    "STATUS",
    "ADVICE_SCHEMA",
    "DEADLINE_COLUMNS",
    "RISK_COLUMNS",
    "Frames",
    "frames_from_cases",
    "reports_from_sweep",
    "sweep",
    "sweep_lazy",
]

STATUS = pl.Enum([s.value for s in Status])
RULE = pl.Enum(["ASSESS-DECISION", "ASSESS-ADVICE-6W", "ASSESS-NO-PLAN-16W", "PLAN-CONSULT-15D",
                "PLAN-DRAFT-LATEST", "PLAN-REPS-15D", "PLAN-FINAL-20W"])
LIMB = pl.Enum(["reg5(4)(a)", "reg5(4)(b)", "reg5(4)(c)", "reg8(2)(a)", "reg8(2)(b)", "reg8(2)(c)",
                "reg10(4)(a)", "reg10(4)(b)", "reg10(4)(c)", "reg10(4)(d)"])

# The reasons of assessment._risks, in the words the engine uses.
_R_DECISION = f"No decision on whether to assess by week {DECISION_AT_RISK_WEEK}"
_R_ADVICE_FINAL = "Advice still awaited with less than 6 weeks to the 20-week date"
_R_ADVICE_DUE = "Advice due within a week"
_R_ISSUE = f"No decision on whether to issue a plan by week {ISSUE_DECISION_AT_RISK_WEEK}"
_R_DRAFT = "No draft plan yet: serve it by this date to leave the full 15 days before the 20-week date"
_R_NO_DRAFT = "The draft is not served, so the 15-day window cannot end before the 20-week date"
_R_FINAL = "The final plan is due within 2 weeks"
REASON = pl.Enum([_R_DECISION, _R_ADVICE_FINAL, _R_ADVICE_DUE, _R_ISSUE, _R_DRAFT, _R_NO_DRAFT, _R_FINAL])

CASES_SCHEMA = {
    "request_received": pl.Date, "decision_to_assess": pl.Date, "assess": pl.Boolean,
    "decision_to_issue": pl.Date, "issue": pl.Boolean, "draft_served": pl.Date, "final_issued": pl.Date,
    "withdrawn": pl.Date,
}
ADVICE_SCHEMA = {"seq": pl.Int32, "source": pl.String, "requested": pl.Date, "received": pl.Date,
                 "institution": pl.String, "step": pl.String}
CLOSURES_SCHEMA = {"seq": pl.Int32, "start": pl.Date, "end": pl.Date}
EXCEPTIONS_SCHEMA = {"seq": pl.Int32, "kind": pl.String, "start": pl.Date, "end": pl.Date, "source": pl.String}
CONSULTATIONS_SCHEMA = {"seq": pl.Int32, "setting": pl.String, "sent": pl.Date, "responded": pl.Date}

# Day counts of the rules (calendar.weeks_after, days_beginning_with): the engine's constants, in days.
_DECISION_DAYS = 42  # reg 5(1): 6 weeks
_ADVICE_DAYS = 42  # reg 8(1): 6 weeks
_NO_PLAN_DAYS = 112  # reg 10(1): 16 weeks
_FINAL_DAYS = 140  # reg 13(2): 20 weeks
_DRAFT_LATEST_DAYS = _FINAL_DAYS - 15  # PLAN-DRAFT-LATEST: F - 15
_WINDOW_LAST_DAY = 14  # reg 13(1)(a): 15 days beginning with the day served
_CONSULT_DAYS = 15  # Code of Practice 9.83
_WINDOW_OFFSET = CLOSURE_WINDOW_OFFSET.days
_ORDER_LATE = 1 << 30  # sort keys of the at-risk rows after the advice rows
_SMALL = 20_000  # input rows under which sweep() uses polars' in-memory engine


class Frames(NamedTuple):
    """The input of :func:`sweep`, in its argument order: ``sweep(*frames, as_of)``."""

    cases: pl.DataFrame
    advice: pl.DataFrame
    exceptions: pl.DataFrame
    closures: pl.DataFrame
    consultations: pl.DataFrame


def _days(n: int) -> pl.Expr:
    return pl.duration(days=n)


@functools.cache
def _lit(value: str | None, dtype: pl.DataType) -> pl.Expr:
    """A typed literal (built once: building a literal of an enum type costs more than using it)."""
    return pl.lit(value, dtype=dtype)


def _status(due: pl.Expr, done: pl.Expr, excused: pl.Expr, stopped: pl.Expr, as_of: pl.Expr) -> pl.Expr:
    """``assessment._status`` as one expression: met / late / open / overdue / excused / not_applicable."""
    return (
        pl.when(done.is_not_null() & (done <= due)).then(_lit("met", STATUS))
        .when(done.is_not_null() & excused).then(_lit("excused", STATUS))
        .when(done.is_not_null()).then(_lit("late", STATUS))
        .when(stopped.is_not_null() & (stopped <= due)).then(_lit("not_applicable", STATUS))
        .when(stopped.is_not_null() & excused).then(_lit("excused", STATUS))
        .when(stopped.is_not_null()).then(_lit("late", STATUS))
        .when(as_of <= due).then(_lit("open", STATUS))
        .when(excused).then(_lit("excused", STATUS))
        .otherwise(_lit("overdue", STATUS))
    )


def _keyed(code: pl.Expr, seq: str = "seq") -> pl.Expr:
    """``code`` (a small integer, or null where the row does not qualify) keyed by the row's place, so that
    the ``min`` of a group is its first qualifying row in ``seq`` order — the engine's first match."""
    return pl.when(code.is_not_null()).then(pl.col(seq).cast(pl.Int64) * 8 + code)


def _first_code(key: str) -> pl.Expr:
    """The code of the first qualifying row (see :func:`_keyed`), after the group's ``min``."""
    return (pl.col(key) % 8).alias(key)


def _advice_counts(advice: pl.LazyFrame, numbered: bool) -> pl.LazyFrame:
    """Per case, how many advice requests it has and (when steps are to be numbered) whether a source is
    asked more than once: the sum and the bitwise or of one bit per source differ exactly then. Sources
    other than the five of ``ADVICE_SOURCES`` share one bit, which can only flag a case that then goes
    through the exact numbering."""
    if not numbered:
        return advice.group_by("case_id").agg(pl.len().cast(pl.Int32).alias("n_advice"))
    bit = pl.when(pl.col("source") == ADVICE_SOURCES[0]).then(1)
    for i, source in enumerate(ADVICE_SOURCES[1:], start=1):
        bit = bit.when(pl.col("source") == source).then(1 << i)
    bit = bit.otherwise(1 << len(ADVICE_SOURCES)).cast(pl.Int64)
    # Computed before the group_by: an expression inside .agg() is evaluated group by group.
    out = (
        advice.select("case_id", bit.alias("_bit"))
        .group_by("case_id")
        .agg(pl.len().cast(pl.Int32).alias("n_advice"), pl.col("_bit").sum().alias("_bits"),
             pl.col("_bit").bitwise_or().alias("_distinct_bits"))
    )
    return out.select("case_id", "n_advice", (pl.col("_bits") != pl.col("_distinct_bits")).alias("repeated"))


def _advice_steps(advice: pl.LazyFrame) -> pl.LazyFrame:
    """``step`` for every advice request (see the module docstring). Without a ``step`` column, the
    requests of cases where a source is asked more than once are numbered one by one in ``seq`` order (as
    ``assessment._assemble`` numbers them); all others are ``advice_<source>``."""
    if "repeated" not in advice.collect_schema():
        return advice
    first = pl.concat_str(pl.lit("advice_"), "source")
    nth = pl.col("seq").rank("ordinal").over("case_id", "source")
    return pl.concat([
        advice.filter(~pl.col("repeated")).with_columns(first.alias("step")),
        advice.filter(pl.col("repeated")).with_columns(
            pl.when(nth > 1).then(pl.concat_str(first, pl.lit("_"), nth.cast(pl.String))).otherwise(first)
            .alias("step")),
    ]).drop("repeated")


def _continuous_runs(closures: pl.LazyFrame) -> pl.LazyFrame:
    """``calendar._continuous_runs`` for every advice request at once: its periods sorted by first day, a
    period starting on or before the day after the run's last closed day so far extends the run.

    The running "last closed day" restarts at each request: ``end`` is offset by the request's group number
    times 2³², so one cumulative maximum over the sorted frame never carries a date into the next group.
    """
    start, end = pl.col("start"), pl.col("end")
    new_group = ((pl.col("case_id") != pl.col("case_id").shift()) | (pl.col("seq") != pl.col("seq").shift())
                 ).fill_null(True)
    group = new_group.cum_sum().cast(pl.Int64) * (1 << 32)
    ends = group + end.cast(pl.Int32).cast(pl.Int64) + (1 << 31)
    last = pl.when(~new_group).then(ends.cum_max().shift(1) - group - (1 << 31))
    extends = ~new_group & (start.cast(pl.Int32).cast(pl.Int64) <= last + 1)
    return (
        closures.select("case_id", "seq", "start", "end")
        .sort("case_id", "seq", "start")
        .with_columns((~extends).cum_sum().alias("run"))
        .group_by("run")
        .agg(pl.col("case_id").first(), pl.col("seq").first(), start.min(), end.max())
        .drop("run")
    )


def _closure_limbs(advice: pl.LazyFrame, closures: pl.LazyFrame, requests: pl.LazyFrame) -> pl.LazyFrame:
    """Per case, what ``assessment._closure_limb`` finds for the reg 5(4) and the two reg 10(4) clocks:
    ``closure5`` (true for reg 5(4)(a)) and ``closure10_*`` (1 for reg 10(4)(a), 2 for reg 10(4)(b)).

    A continuous closure of at least 28 days whose window ``C − 7 .. R − 7`` holds the date the advice was
    requested qualifies (``calendar.closure_window_for``). The engine takes the first advice request, in
    ``seq`` order, whose institution kind the regulation lists (school and post-16 for reg 5(4)(a) and
    10(4)(a), early years for 10(4)(b)) and which was made on or before the clock's due date.
    """
    start, end = pl.col("start"), pl.col("end")
    requested, inst = pl.col("requested"), pl.col("institution")
    request = pl.col("request_received")
    in_window = (start - _days(_WINDOW_OFFSET) <= requested) & (requested <= end + _days(1 - _WINDOW_OFFSET))
    school = inst.is_in(["school", "post16"])
    kind = pl.when(school).then(1).when(inst == "early_years").then(2)

    def by(days: int) -> pl.Expr:
        return requested <= request + _days(days)

    return (
        _continuous_runs(closures)
        .filter((end - start).dt.total_days() + 1 >= CLOSURE_MIN_DAYS)
        .join(advice.select("case_id", "seq", "requested", "institution"), on=["case_id", "seq"])
        .filter(in_window)
        .join(requests, on="case_id")
        .select(
            "case_id",
            (school & by(_DECISION_DAYS)).alias("closure5"),
            _keyed(pl.when(by(_NO_PLAN_DAYS)).then(kind)).alias("closure10_no_plan"),
            _keyed(pl.when(by(_FINAL_DAYS)).then(kind)).alias("closure10_final"),
        )
        .group_by("case_id")
        .agg(pl.col("closure5").any(), pl.col("closure10_no_plan").min(), pl.col("closure10_final").min())
        .with_columns(_first_code("closure10_no_plan"), _first_code("closure10_final"))
    )


def _record_limbs(exceptions: pl.LazyFrame, requests: pl.LazyFrame) -> pl.LazyFrame:
    """Per case, the first recorded exception (no ``source``) that ``assessment._la_exception`` accepts for
    each LA clock: 1 for exceptional personal circumstances, 2 for an absence of at least 28 days."""
    start, end, kind = pl.col("start"), pl.col("end"), pl.col("kind")
    request = pl.col("request_received")
    long_absence = (kind == ExceptionKind.ABSENCE_FROM_AREA.value) & (
        (end - start).dt.total_days() + 1 >= ABSENCE_MIN_DAYS)
    personal = kind == ExceptionKind.PERSONAL_CIRCUMSTANCES.value
    names = {"record5": _DECISION_DAYS, "record10_no_plan": _NO_PLAN_DAYS, "record10_final": _FINAL_DAYS}

    def code(days: int) -> pl.Expr:
        overlaps = (start <= request + _days(days)) & (request <= end)
        return _keyed(pl.when(overlaps & personal).then(1).when(overlaps & long_absence).then(2))

    return (
        exceptions.filter(pl.col("source") == "")
        .join(requests, on="case_id")
        .select("case_id", *(code(days).alias(name) for name, days in names.items()))
        .group_by("case_id")
        .agg(pl.col(name).min() for name in names)
        .with_columns(_first_code(name) for name in names)
    )


def _advice_limbs(exceptions: pl.LazyFrame, advice: pl.LazyFrame) -> pl.LazyFrame:
    """Per advice request, the first exception recorded for its source that ``assessment._reg8_exception``
    accepts: (a) personal circumstances or (b) an absence of 28 days overlapping the 6 weeks, (c) a missed
    appointment inside them."""
    start, end, kind = pl.col("start"), pl.col("end"), pl.col("kind")
    requested = pl.col("requested")
    due = requested + _days(_ADVICE_DAYS)
    overlaps = (start <= due) & (requested <= end)
    code = (
        pl.when(~overlaps).then(None)
        .when(kind == ExceptionKind.PERSONAL_CIRCUMSTANCES.value).then(1)
        .when((kind == ExceptionKind.ABSENCE_FROM_AREA.value)
              & ((end - start).dt.total_days() + 1 >= ABSENCE_MIN_DAYS)).then(2)
        .when((kind == ExceptionKind.MISSED_APPOINTMENT.value) & (requested <= start) & (start <= due)).then(3)
    )
    first = pl.col("advice_exception") % 8
    return (
        # Joined on the source as the engine compares it (record.source != advice.source): a record without
        # one matches only an advice request without one, which parse_case never makes.
        exceptions
        .join(advice.select("case_id", pl.col("seq").alias("advice_seq"), "source", "requested"),
              on=["case_id", "source"])
        .select("case_id", "advice_seq", _keyed(code).alias("advice_exception"))
        .group_by("case_id", "advice_seq")
        .agg(pl.col("advice_exception").min())
        .select(
            "case_id", pl.col("advice_seq").alias("seq"),
            pl.when(first == 1).then(_lit("reg8(2)(a)", LIMB)).when(first == 2).then(_lit("reg8(2)(b)", LIMB))
            .when(first == 3).then(_lit("reg8(2)(c)", LIMB)).otherwise(_lit(None, LIMB)).alias("advice_exception"),
        )
    )


def _la_limb(closure: pl.Expr, record: pl.Expr, personal: str, absence: str) -> pl.Expr:
    """reg 10(4): the closure limbs (a) school or post-16, (b) early years, then the first record's limb."""
    return (
        pl.when(closure == 1).then(_lit("reg10(4)(a)", LIMB))
        .when(closure == 2).then(_lit("reg10(4)(b)", LIMB))
        .when(record == 1).then(_lit(personal, LIMB))
        .when(record == 2).then(_lit(absence, LIMB))
        .otherwise(_lit(None, LIMB))
    )


DEADLINE_COLUMNS = ["case_id", "pos", "step", "rule", "due", "done", "status", "exception", "premature_final"]
RISK_COLUMNS = ["case_id", "pos", "step", "rule", "due", "reason"]


def _deadline(frame: pl.LazyFrame, pos: pl.Expr, step: str | pl.Expr, rule: str, due: pl.Expr, done: pl.Expr,
              status: pl.Expr, exception: pl.Expr, premature: pl.Expr | None = None) -> pl.LazyFrame:
    return frame.select(
        "case_id",
        pos.cast(pl.Int32).alias("pos"),
        (pl.lit(step) if isinstance(step, str) else step).alias("step"),
        _lit(rule, RULE).alias("rule"),
        due.alias("due"),
        done.alias("done"),
        status.alias("status"),
        exception.alias("exception"),
        (pl.lit(False) if premature is None else premature).alias("premature_final"),
    )


def _risk(frame: pl.LazyFrame, when: pl.Expr, order: int | pl.Expr, step: str | pl.Expr, rule: str | pl.Expr,
          due: pl.Expr, reason: str | pl.Expr) -> pl.LazyFrame:
    return frame.filter(when).select(
        "case_id",
        (pl.lit(order) if isinstance(order, int) else order).cast(pl.Int64).alias("pos"),
        (pl.lit(step) if isinstance(step, str) else step).alias("step"),
        (_lit(rule, RULE) if isinstance(rule, str) else rule).alias("rule"),
        due.alias("due"),
        (_lit(reason, REASON) if isinstance(reason, str) else reason).alias("reason"),
    )


Frame = pl.DataFrame | pl.LazyFrame


def sweep(cases: Frame, advice: Frame, exceptions: Frame, closures: Frame, consultations: Frame, as_of: date, *,
          engine: str | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every deadline and at-risk row of every case on ``as_of``: :func:`evaluate`, for a whole caseload.

    See the module docstring for the frames (data frames, or lazy frames such as ``polars.scan_parquet``).
    Returns ``(deadlines, at_risk)``. Runs in steps: the clocks of each case, advice request and
    consultation; the advice steps' names; the rows of the report. ``engine`` is polars' (``"streaming"``
    or ``"in-memory"``); by default the in-memory engine for a few thousand rows, where it starts faster,
    and the streaming engine otherwise.
    """
    frames = [cases, advice, exceptions, closures, consultations]
    lazy = [i for i, f in enumerate(frames) if isinstance(f, pl.LazyFrame)]
    if lazy:  # read each input once (several plans below use each of them)
        for i, frame in zip(lazy, pl.collect_all([frames[i] for i in lazy], engine=engine or "streaming"),
                            strict=True):
            frames[i] = frame
    if engine is None:
        engine = "in-memory" if sum(f.height for f in frames) < _SMALL else "streaming"
    wide, advice_rows, consult_rows = pl.collect_all(_clocks(*frames, as_of), engine=engine)
    advice_rows = _advice_steps(advice_rows.lazy()).collect(engine=engine)
    out = pl.collect_all(_rows(wide.lazy(), advice_rows.lazy(), consult_rows.lazy(), as_of), engine=engine)
    return out[0], out[1]


def sweep_lazy(cases: Frame, advice: Frame, exceptions: Frame, closures: Frame, consultations: Frame,
               as_of: date) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The query plans of :func:`sweep` as one lazy query each, not yet run (to sink or inspect them)."""
    return _rows(*_clocks(cases, advice, exceptions, closures, consultations, as_of), as_of)


_REQUEST = pl.col("request_received")
_STOPPED = pl.col("withdrawn")
_REFUSED = pl.col("assess").not_().fill_null(False)  # case.assess is False
_ISSUING = pl.col("issue").fill_null(False)  # case.issue is True
_NO_PLAN = _REFUSED | pl.col("issue").not_().fill_null(False)  # refused, or case.issue is False


def _clocks(cases: Frame, advice: Frame, exceptions: Frame, closures: Frame, consultations: Frame,
            as_of: date) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """One row per case with each LA clock's due date, exception and status (``evaluate`` in order);
    one row per advice request (reg 8) and one per consultation, with theirs."""
    today = pl.lit(as_of, dtype=pl.Date)
    c = cases.lazy()
    a = advice.lazy()
    numbered = "step" not in a.collect_schema()
    ex = exceptions.lazy().with_columns(pl.col("source").fill_null(""))
    cons = consultations.lazy()
    requests = c.select("case_id", "request_received")
    col = pl.col

    wide = (
        c.join(_closure_limbs(a, closures.lazy(), requests), on="case_id", how="left")
        .join(_record_limbs(ex, requests), on="case_id", how="left")
        .join(_advice_counts(a, numbered), on="case_id", how="left")
        .join(cons.group_by("case_id").agg(pl.len().cast(pl.Int32).alias("n_consult")), on="case_id", how="left")
        .with_columns(
            col("n_advice").fill_null(0), col("n_consult").fill_null(0),
            (_REQUEST + _days(_DECISION_DAYS)).alias("decision_due"),
            (_REQUEST + _days(_NO_PLAN_DAYS)).alias("no_plan_due"),
            (_REQUEST + _days(_DRAFT_LATEST_DAYS)).alias("draft_latest_due"),
            (_REQUEST + _days(_FINAL_DAYS)).alias("final_due"),
            (col("draft_served") + _days(_WINDOW_LAST_DAY)).alias("window_end"),
            # reg 5(4): (a) the closure window, then the first record: (b) circumstances, (c) absence.
            pl.when(col("closure5").fill_null(False)).then(_lit("reg5(4)(a)", LIMB))
            .when(col("record5") == 1).then(_lit("reg5(4)(b)", LIMB))
            .when(col("record5") == 2).then(_lit("reg5(4)(c)", LIMB))
            .otherwise(_lit(None, LIMB)).alias("decision_exception"),
            # reg 10(4) for the 16-week clock and, through reg 13(3), for the 20-week one.
            _la_limb(col("closure10_no_plan"), col("record10_no_plan"), "reg10(4)(c)", "reg10(4)(d)")
            .alias("no_plan_exception"),
            _la_limb(col("closure10_final"), col("record10_final"), "reg10(4)(c)", "reg10(4)(d)")
            .alias("final_exception"),
        )
        .select(
            "case_id", "request_received", "decision_to_assess", "decision_to_issue", "draft_served",
            "final_issued", "withdrawn", *(["repeated"] if numbered else []), "n_advice", "n_consult",
            "decision_due", "no_plan_due",
            "draft_latest_due", "final_due", "window_end", "decision_exception",
            _REFUSED.alias("refused"), _ISSUING.alias("issuing"), _NO_PLAN.alias("no_plan"),
            _status(col("decision_due"), col("decision_to_assess"), col("decision_exception").is_not_null(),
                    _STOPPED, today).alias("decision_status"),
            pl.when(_REFUSED | _ISSUING).then(_lit(None, LIMB)).otherwise(col("no_plan_exception"))
            .alias("no_plan_exception"),
            pl.when(_REFUSED | _ISSUING).then(_lit("not_applicable", STATUS))
            .otherwise(_status(col("no_plan_due"), col("decision_to_issue"), col("no_plan_exception").is_not_null(),
                               _STOPPED, today))
            .alias("no_plan_status"),
            pl.when(_NO_PLAN).then(_lit(None, LIMB)).otherwise(col("final_exception")).alias("final_exception"),
            pl.when(_NO_PLAN).then(_lit("not_applicable", STATUS))
            .otherwise(_status(col("draft_latest_due"), col("draft_served"), col("final_exception").is_not_null(),
                               _STOPPED, today))
            .alias("draft_latest_status"),
            pl.when(_NO_PLAN).then(_lit("not_applicable", STATUS))
            .otherwise(_status(col("final_due"), col("final_issued"), col("final_exception").is_not_null(),
                               _STOPPED, today))
            .alias("final_status"),
            # assessment._draft_window (reg 13(1)(a)): the final plan ends the window; before its last day
            # it is premature.
            pl.when(col("final_issued").is_not_null() & (col("final_issued") <= col("window_end")))
            .then(_lit("late", STATUS))
            .when(col("final_issued").is_not_null()).then(_lit("met", STATUS))
            .when(_STOPPED.is_not_null() & (col("window_end") >= _STOPPED)).then(_lit("not_applicable", STATUS))
            .when(today <= col("window_end")).then(_lit("open", STATUS))
            .otherwise(_lit("met", STATUS))
            .alias("window_status"),
        )
    )

    advice_rows = (
        a.join(_advice_limbs(ex, a), on=["case_id", "seq"], how="left")
        .join(wide.select("case_id", "withdrawn", "final_status", "final_due",
                          *(["repeated"] if numbered else [])), on="case_id")
        .select(
            "case_id", "seq", *(["source", "repeated"] if numbered else []), "received", "withdrawn",
            "final_status", "final_due", "advice_exception",
            *([] if numbered else [pl.when(col("step").is_null() | (col("step") == ""))
                                   .then(pl.concat_str(pl.lit("advice_"), "source")).otherwise(col("step"))
                                   .alias("step")]),
            (col("requested") + _days(_ADVICE_DAYS)).alias("due"),
        )
        .with_columns(_status(col("due"), col("received"), col("advice_exception").is_not_null(), _STOPPED,
                              today).alias("status"))
    )
    consult_rows = (
        cons.join(wide.select("case_id", "withdrawn", "final_issued", "n_advice"), on="case_id")
        .select(
            "case_id", (2 + col("n_advice") + col("seq")).alias("pos"),
            pl.concat_str(pl.lit("consultation_"), "setting").alias("step"),
            (col("sent") + _days(_CONSULT_DAYS)).alias("due"), "responded",
            # Guidance, not law: no exception lifts it; it stops with a withdrawal or the final plan.
            _status(col("sent") + _days(_CONSULT_DAYS), col("responded"), pl.lit(False),
                    pl.coalesce("withdrawn", "final_issued"), today).alias("status"),
        )
    )
    return wide, advice_rows, consult_rows


def _rows(wide: pl.LazyFrame, advice_rows: pl.LazyFrame, consult_rows: pl.LazyFrame,
          as_of: date) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The deadlines in ``evaluate``'s order (``pos``) and the risks of ``assessment._risks``."""
    today = pl.lit(as_of, dtype=pl.Date)
    col = pl.col
    advice_rows = _advice_steps(advice_rows)
    after_advice = col("n_advice") + col("n_consult")
    none = _lit(None, LIMB)
    deadlines = pl.concat([
        _deadline(wide, pl.lit(0), "decision_whether_to_assess", "ASSESS-DECISION", col("decision_due"),
                  col("decision_to_assess"), col("decision_status"), col("decision_exception")),
        _deadline(advice_rows, 1 + col("seq"), col("step"), "ASSESS-ADVICE-6W", col("due"), col("received"),
                  col("status"), col("advice_exception")),
        _deadline(wide, 1 + col("n_advice"), "decision_not_to_issue", "ASSESS-NO-PLAN-16W", col("no_plan_due"),
                  pl.when(col("refused") | col("issuing")).then(None).otherwise(col("decision_to_issue")),
                  col("no_plan_status"), col("no_plan_exception")),
        _deadline(consult_rows, col("pos"), col("step"), "PLAN-CONSULT-15D", col("due"), col("responded"),
                  col("status"), none),
        _deadline(wide, 2 + after_advice, "draft_plan_latest", "PLAN-DRAFT-LATEST", col("draft_latest_due"),
                  pl.when(col("no_plan")).then(None).otherwise(col("draft_served")), col("draft_latest_status"),
                  col("final_exception")),
        _deadline(wide.filter(col("draft_served").is_not_null()), 3 + after_advice, "draft_comments_window",
                  "PLAN-REPS-15D", col("window_end"), col("final_issued"), col("window_status"), none,
                  (col("final_issued") <= col("window_end")).fill_null(False)),
        _deadline(wide, 3 + after_advice + col("draft_served").is_not_null().cast(pl.Int32), "final_plan",
                  "PLAN-FINAL-20W", col("final_due"),
                  pl.when(col("no_plan")).then(None).otherwise(col("final_issued")), col("final_status"),
                  col("final_exception")),
    ])

    # assessment._risks: nothing is at risk once the request is withdrawn.
    live = wide.filter(_STOPPED.is_null())
    status = col("status")
    final_open = col("final_status") == "open"
    awaited = advice_rows.filter(_STOPPED.is_null() & col("received").is_null() & (status != "not_applicable"))
    near_final = final_open & (today >= col("final_due") - ADVICE_AT_RISK_BEFORE_FINAL)
    draft_open = col("draft_latest_status") == "open"
    risks = pl.concat([
        _risk(live, (col("decision_status") == "open") & (today >= _REQUEST + _days(7 * DECISION_AT_RISK_WEEK)),
              0, "decision_whether_to_assess", "ASSESS-DECISION", col("decision_due"), _R_DECISION),
        _risk(awaited, near_final | ((status == "open") & (today >= col("due") - ADVICE_AT_RISK_BEFORE_DUE)),
              1 + col("seq"), col("step"), "ASSESS-ADVICE-6W", col("due"),
              pl.when(near_final).then(_lit(_R_ADVICE_FINAL, REASON)).otherwise(_lit(_R_ADVICE_DUE, REASON))),
        _risk(live, (col("no_plan_status") == "open") & col("decision_to_assess").is_not_null()
              & (today >= _REQUEST + _days(7 * ISSUE_DECISION_AT_RISK_WEEK)),
              _ORDER_LATE, "decision_not_to_issue", "ASSESS-NO-PLAN-16W", col("no_plan_due"), _R_ISSUE),
        _risk(live, draft_open & (today >= col("draft_latest_due") - DRAFT_AT_RISK_BEFORE_LATEST),
              _ORDER_LATE + 1, "draft_plan_latest", "PLAN-DRAFT-LATEST", col("draft_latest_due"), _R_DRAFT),
        _risk(live, ~draft_open & col("draft_latest_status").is_in(["overdue", "excused"])
              & col("draft_served").is_null() & final_open,
              _ORDER_LATE + 1, "final_plan", "PLAN-FINAL-20W", col("final_due"), _R_NO_DRAFT),
        _risk(live, final_open & (today >= col("final_due") - FINAL_AT_RISK_BEFORE_DUE),
              _ORDER_LATE + 2, "final_plan", "PLAN-FINAL-20W", col("final_due"), _R_FINAL),
    ])
    at_risk = risks.with_columns((col("pos").rank("ordinal").over("case_id") - 1).cast(pl.Int32).alias("pos"))
    return deadlines, at_risk


# --------------------------------------------------------------------------------------------- engine objects


def frames_from_cases(cases: Iterable[tuple[Hashable, AssessmentCase]]) -> Frames:
    """The input frames of :func:`sweep` for engine cases, keyed by the ids given (one Python pass; slow)."""
    rows: dict[str, list[dict]] = {name: [] for name in Frames._fields}
    for case_id, case in cases:
        rows["cases"].append({
            "case_id": case_id, "request_received": case.request_received,
            "decision_to_assess": case.decision_to_assess, "assess": case.assess,
            "decision_to_issue": case.decision_to_issue, "issue": case.issue, "draft_served": case.draft_served,
            "final_issued": case.final_issued, "withdrawn": case.withdrawn,
        })
        for seq, advice in enumerate(case.advice):
            rows["advice"].append({
                "case_id": case_id, "seq": seq, "source": advice.source, "requested": advice.requested,
                "received": advice.received, "institution": advice.institution, "step": advice.step or None,
            })
            rows["closures"].extend({"case_id": case_id, "seq": seq, "start": p.start, "end": p.end}
                                    for p in advice.closures)
        rows["exceptions"].extend(
            # The engine tests kinds by identity (``record.kind is ExceptionKind...``): a kind that is not an
            # ExceptionKind member matches no limb there, so it is given as null here.
            {"case_id": case_id, "seq": seq, "kind": record.kind.value if isinstance(record.kind, ExceptionKind)
             else None, "start": record.start, "end": record.end, "source": record.source}
            for seq, record in enumerate(case.exceptions)
        )
        rows["consultations"].extend(
            {"case_id": case_id, "seq": seq, "setting": c.setting, "sent": c.sent, "responded": c.responded}
            for seq, c in enumerate(case.consultations)
        )
    ids = pl.Series("case_id", [r["case_id"] for r in rows["cases"]])
    key = {"case_id": ids.dtype if ids.dtype != pl.Null else pl.Int64}
    schemas = {"cases": CASES_SCHEMA, "advice": ADVICE_SCHEMA, "exceptions": EXCEPTIONS_SCHEMA,
               "closures": CLOSURES_SCHEMA, "consultations": CONSULTATIONS_SCHEMA}
    return Frames(**{name: pl.DataFrame(rows[name], schema={**key, **schemas[name]}) for name in Frames._fields})


def reports_from_sweep(deadlines: pl.DataFrame, at_risk: pl.DataFrame, as_of: date) -> dict[Hashable, ClockReport]:
    """The sweep's rows as :class:`ClockReport` objects, one per case (for checking against :func:`evaluate`)."""
    by_case: dict[Hashable, tuple[list[Deadline], list[Risk]]] = {}
    for row in deadlines.sort("case_id", "pos").iter_rows(named=True):
        by_case.setdefault(row["case_id"], ([], []))[0].append(Deadline(
            row["step"], row["rule"], row["due"], row["done"], Status(row["status"]), row["exception"],
            ("premature_final",) if row["premature_final"] else (),
        ))
    for row in at_risk.sort("case_id", "pos").iter_rows(named=True):
        by_case.setdefault(row["case_id"], ([], []))[1].append(Risk(row["step"], row["rule"], row["due"],
                                                                      row["reason"]))
    return {case_id: ClockReport(as_of=as_of, deadlines=tuple(d), at_risk=tuple(r))
            for case_id, (d, r) in by_case.items()}
