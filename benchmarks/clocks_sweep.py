"""Every statutory clock of a national caseload: the polars sweep against one DuckDB SQL query.

    .venv/bin/python benchmarks/clocks_sweep.py [--plans 640000] [--requests 155000] [--runs 3]

Generates (``clock_histories.py``, seeded) 640,000 completed assessments and 155,000 open requests with
their event histories, writes them as Parquet to a temporary folder, then in one run times

- ``sweep``: :func:`wayfinder.statutory.sweep.sweep`, every deadline and at-risk row that
  :func:`~wayfinder.statutory.assessment.evaluate` reports, with every exception limb (SEND Regs 2014 reg
  5(4), 8(2), 10(4), 13(3)), the reg 13(1)(a) window and the at-risk rules;
- ``duckdb``: one SQL statement computing the same due dates (reg 5(1) decision, reg 8(1) advice, reg 10(1)
  no-plan, the draft latest date, the reg 13(1)(a) window, reg 13(2) final, and the consultations) and the
  met / late / open / overdue / not-applicable statuses *without* exceptions — the practical limit for
  this much date arithmetic, since the query does less than the sweep does.

Both read the same Parquet files and build their result in memory (a polars frame; a DuckDB temporary
table); each is the best of ``--runs`` runs, taken in turn so that other load on the machine falls on both.
The times of both on data already in memory are reported too. Then the two results are compared row by
row: the count of due dates (and dates done) that differ must be 0, and so must the count of statuses
that differ where the sweep found no exception. A sample of cases is also turned back into the
``wayfinder clocks`` JSON, checked by ``parse_case`` and evaluated by the engine itself, which must agree
with the sweep exactly. Results are printed and written to ``benchmarks/results/clocks_sweep.json``.
Target: sweep / duckdb ≤ 1.5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from benchmarks.clock_histories import AS_OF, PLANS, REQUESTS, dfe_shares, events_of, generate, write_parquet  # noqa: E402
from wayfinder.statutory.assessment import evaluate, parse_case  # noqa: E402
from wayfinder.statutory.sweep import Frames, reports_from_sweep, sweep  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TARGET = 1.5

_STATUS = """CASE WHEN na THEN 'not_applicable'
    WHEN done IS NOT NULL THEN CASE WHEN done <= due THEN 'met' ELSE 'late' END
    WHEN stopped IS NOT NULL THEN CASE WHEN stopped <= due THEN 'not_applicable' ELSE 'late' END
    WHEN DATE '{as_of}' <= due THEN 'open' ELSE 'overdue' END"""


def duckdb_sql(source: dict[str, str], as_of: str) -> str:
    """One statement: the due dates, dates done and statuses (no exceptions) of every clock, into ``duck``.

    ``source`` names the relation of each input (``read_parquet('…')`` or a table). Advice steps are
    numbered as ``parse_case`` numbers them (``advice_other_2`` for a second request, by ``seq``).
    """
    return f"""
CREATE OR REPLACE TEMP TABLE duck AS
WITH c AS (
  SELECT case_id, request_received AS r, decision_to_assess, decision_to_issue, draft_served, final_issued,
         withdrawn, coalesce(NOT assess, false) AS refused, coalesce(issue, false) AS issuing,
         coalesce(NOT issue, false) AS not_issuing
  FROM {source['cases']}
), steps AS (
  SELECT case_id, 'decision_whether_to_assess' AS step, 'ASSESS-DECISION' AS rule, r + 42 AS due,
         decision_to_assess AS done, withdrawn AS stopped, false AS na FROM c
  UNION ALL SELECT case_id, 'decision_not_to_issue', 'ASSESS-NO-PLAN-16W', r + 112,
         CASE WHEN refused OR issuing THEN NULL ELSE decision_to_issue END, withdrawn, refused OR issuing FROM c
  UNION ALL SELECT case_id, 'draft_plan_latest', 'PLAN-DRAFT-LATEST', r + 125,
         CASE WHEN refused OR not_issuing THEN NULL ELSE draft_served END, withdrawn, refused OR not_issuing FROM c
  UNION ALL SELECT case_id, 'final_plan', 'PLAN-FINAL-20W', r + 140,
         CASE WHEN refused OR not_issuing THEN NULL ELSE final_issued END, withdrawn, refused OR not_issuing FROM c
  UNION ALL SELECT a.case_id,
         CASE WHEN row_number() OVER (PARTITION BY a.case_id, a.source ORDER BY a.seq) > 1
              THEN 'advice_' || a.source || '_' || row_number() OVER (PARTITION BY a.case_id, a.source ORDER BY a.seq)
              ELSE 'advice_' || a.source END,
         'ASSESS-ADVICE-6W', a.requested + 42, a.received, c.withdrawn, false
    FROM {source['advice']} a JOIN c USING (case_id)
  UNION ALL SELECT k.case_id, 'consultation_' || k.setting, 'PLAN-CONSULT-15D', k.sent + 15, k.responded,
         coalesce(c.withdrawn, c.final_issued), false
    FROM {source['consultations']} k JOIN c USING (case_id)
)
SELECT case_id, step, rule, due, done, {_STATUS.format(as_of=as_of)} AS status FROM steps
UNION ALL
SELECT case_id, 'draft_comments_window', 'PLAN-REPS-15D', draft_served + 14, final_issued,
  CASE WHEN final_issued IS NOT NULL THEN CASE WHEN final_issued <= draft_served + 14 THEN 'late' ELSE 'met' END
       WHEN withdrawn IS NOT NULL AND withdrawn <= draft_served + 14 THEN 'not_applicable'
       WHEN DATE '{as_of}' <= draft_served + 14 THEN 'open' ELSE 'met' END
FROM c WHERE draft_served IS NOT NULL
"""


def timed(fn, into: list[tuple[float, float]]):
    """Call ``fn``, add its wall-clock and CPU seconds (all threads of this process) to ``into``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    into.append((time.perf_counter() - wall, time.process_time() - cpu))
    return out


def compare(deadlines: pl.DataFrame, duck: pl.DataFrame) -> dict[str, int]:
    """Row-by-row agreement of the sweep and the SQL on (case_id, step)."""
    ours = deadlines.select("case_id", "step", "due", "done", pl.col("status").cast(pl.String), "exception")
    joined = ours.join(duck, on=["case_id", "step"], how="full", suffix="_sql", coalesce=True)
    missing_sql = joined.filter(pl.col("due_sql").is_null()).height
    missing_sweep = joined.filter(pl.col("due").is_null()).height
    both = joined.filter(pl.col("due").is_not_null() & pl.col("due_sql").is_not_null())
    return {
        "rows_sweep": ours.height,
        "rows_duckdb": duck.height,
        "rows_only_in_sweep": missing_sql,
        "rows_only_in_duckdb": missing_sweep,
        "due_mismatches": both.filter(pl.col("due") != pl.col("due_sql")).height,
        "done_mismatches": both.filter(~pl.col("done").eq_missing(pl.col("done_sql"))).height,
        "status_mismatches_without_exception": both.filter(
            pl.col("exception").is_null() & (pl.col("status") != pl.col("status_sql"))).height,
        "excused_by_an_exception": both.filter(
            pl.col("exception").is_not_null() & (pl.col("status") != pl.col("status_sql"))).height,
    }


def engine_sample(frames: Frames, deadlines: pl.DataFrame, at_risk: pl.DataFrame, n: int, seed: int) -> dict:
    """The engine itself on a sample of cases, from their JSON events: every report must equal the sweep's."""
    rng = random.Random(seed)
    ids = rng.sample(frames.cases["case_id"].to_list(), n)
    for frame in (frames.exceptions, frames.closures, frames.advice.filter(pl.col("seq") >= 5)):
        pool = frame["case_id"].unique().sort().to_list()
        ids += rng.sample(pool, min(n // 5, len(pool)))
    ids = sorted(set(ids))
    wanted = pl.Series(ids).implode()
    ours = reports_from_sweep(deadlines.filter(pl.col("case_id").is_in(wanted)),
                              at_risk.filter(pl.col("case_id").is_in(wanted)), AS_OF)
    mismatches = []
    for case_id, data in events_of(frames, ids).items():
        case, as_of = parse_case(data)
        if evaluate(case, as_of) != ours[case_id]:
            mismatches.append(case_id)
    return {"cases": len(ids), "mismatches": len(mismatches), "first_mismatches": mismatches[:10]}


def realism(frames: Frames, deadlines: pl.DataFrame, at_risk: pl.DataFrame, plans: int) -> dict:
    """What the generated caseload looks like through the clocks, beside the DfE figures it was drawn from."""
    final = deadlines.filter((pl.col("step") == "final_plan") & pl.col("done").is_not_null())
    decision = deadlines.filter((pl.col("step") == "decision_whether_to_assess") & pl.col("done").is_not_null())
    week20_exception = deadlines.filter(pl.col("rule").is_in(["PLAN-FINAL-20W", "ASSESS-NO-PLAN-16W"])
                                        & pl.col("exception").is_not_null())["case_id"].unique()
    issued = final["case_id"]
    return {
        "final_plans_issued": final.height,
        "within_20_weeks": round(final.filter(pl.col("done") <= pl.col("due")).height / final.height, 4),
        "with_week20_exception": round(issued.is_in(week20_exception.implode()).mean(), 4),
        "decisions_within_6_weeks": round(decision.filter(pl.col("done") <= pl.col("due")).height
                                          / decision.height, 4),
        "open_requests_by_status": {
            f"{r['rule']} {r['status']}": r["len"]
            for r in deadlines.filter(pl.col("case_id") > plans).group_by("rule", "status").len()
            .sort("rule", "status").iter_rows(named=True)
        },
        "exceptions_by_limb": {r["exception"]: r["len"] for r in deadlines.filter(pl.col("exception").is_not_null())
                               .group_by("exception").len().sort("exception").iter_rows(named=True)},
        "at_risk_by_reason": {r["reason"]: r["len"] for r in at_risk.group_by("reason").len()
                              .sort("reason").iter_rows(named=True)},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=PLANS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--sample", type=int, default=3000, help="cases checked against the engine itself")
    args = parser.parse_args()

    started = time.perf_counter()
    frames = generate(args.plans, args.requests, seed=args.seed)
    generated = time.perf_counter() - started
    print(f"generated {args.plans:,} plans and {args.requests:,} requests in {generated:.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="clocks-sweep-") as tmp:
        folder = Path(tmp)
        paths = write_parquet(frames, folder)
        con = duckdb.connect()
        from_parquet = duckdb_sql({name: f"read_parquet('{path}')" for name, path in paths.items()},
                                  AS_OF.isoformat())
        for name, path in paths.items():
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
        in_memory = duckdb_sql({name: name for name in paths}, AS_OF.isoformat())

        def sweep_parquet():
            return sweep(*(pl.scan_parquet(paths[name]) for name in Frames._fields), AS_OF)

        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in
                                                      ("sweep", "duckdb", "sweep_in_memory", "duckdb_in_memory")}
        result = None
        for _ in range(args.runs):  # in turn, so that other load on the machine falls on both
            timed(lambda: con.execute(from_parquet), runs["duckdb"])
            result = timed(sweep_parquet, runs["sweep"])
            timed(lambda: con.execute(in_memory), runs["duckdb_in_memory"])
            timed(lambda: sweep(*frames, AS_OF), runs["sweep_in_memory"])
        deadlines, at_risk = result
        con.execute(f"COPY duck TO '{folder / 'duck.parquet'}' (FORMAT parquet)")
        duck = pl.read_parquet(folder / "duck.parquet")
        con.close()
    agreement = compare(deadlines, duck)
    sample = engine_sample(frames, deadlines, at_risk, args.sample, args.seed)

    best = {k: min(v) for k, v in runs.items()}
    ratio = best["sweep"][0] / best["duckdb"][0]
    report = {
        "as_of": AS_OF.isoformat(),
        "sizes": {"plans": args.plans, "open_requests": args.requests, **{
            f"{name}_rows": frame.height for name, frame in frames._asdict().items()},
            "deadline_rows": deadlines.height, "at_risk_rows": at_risk.height},
        "seconds": {k: round(v[0], 3) for k, v in best.items()},
        "cpu_seconds": {k: round(v[1], 3) for k, v in best.items()},
        "all_runs_seconds": {k: [round(w, 3) for w, _ in v] for k, v in runs.items()},
        "ratio_sweep_over_duckdb": round(ratio, 3),
        "ratio_in_memory": round(best["sweep_in_memory"][0] / best["duckdb_in_memory"][0], 3),
        "target": TARGET,
        "met_target": ratio <= TARGET,
        "agreement_with_duckdb": agreement,
        "engine_sample": sample,
        "caseload": realism(frames, deadlines, at_risk, args.plans),
        "dfe_shares": dfe_shares().__dict__,
        "generation_seconds": round(generated, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "polars": pl.__version__,
                    "duckdb": duckdb.__version__, "numpy": np.__version__,
                    "polars_threads": pl.thread_pool_size()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "clocks_sweep.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    s = report["seconds"]
    print(f"deadlines: {deadlines.height:,} rows, at risk: {at_risk.height:,} rows")
    print(f"from Parquet: sweep {s['sweep']:.3f} s, duckdb {s['duckdb']:.3f} s, ratio {ratio:.2f} "
          f"(target ≤ {TARGET}) {'met' if ratio <= TARGET else 'NOT met'}")
    print(f"in memory:    sweep {s['sweep_in_memory']:.3f} s, duckdb {s['duckdb_in_memory']:.3f} s, "
          f"ratio {report['ratio_in_memory']:.2f}")
    print("agreement with duckdb:", json.dumps(agreement))
    print("engine on a sample:", json.dumps(sample))
    print(f"written to {RESULTS / 'clocks_sweep.json'}")
    bad = (agreement["rows_only_in_sweep"] + agreement["rows_only_in_duckdb"] + agreement["due_mismatches"]
           + agreement["done_mismatches"] + agreement["status_mismatches_without_exception"] + sample["mismatches"])
    if bad:
        sys.exit(f"{bad} disagreements: see {RESULTS / 'clocks_sweep.json'}")


if __name__ == "__main__":
    main()
