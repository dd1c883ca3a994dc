"""Child search and child record page at two sizes of county, measured in one run.

    .venv/bin/python benchmarks/run.py [--requests 300] [--reuse]

Also times "My caseload" for an officer with 20 open assessments at both sizes (every clock computed).
Builds (or with --reuse, reuses) two SQLite databases with the demo county generator — `county`
(2,500 children with EHC plans, 6,000 on SEN support) and `large` (25,000 with plans, 60,000 on SEN
support, ~1,200 settings) — then, for each, signs in a casework officer who can see every child
(the worst case for the search) and times the search and the record page through Django's test
client (the full middleware, view, template and audit stack; no network). Reports p50 and p95 per
page and size, the large/county ratio of p95 (target ≤ 1.25), and SQL queries per page, which
must not grow with the data. Results are printed and written to benchmarks/results/.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SIZES = {"county": 2_500, "large": 25_000}
PAGES = ("search", "record", "caseload")


def build(size: str, db: Path) -> float:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "django", "demo", "--size", size, "--rebuild"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(size: str, db: Path, requests: int) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "measure.py"), "--requests", str(requests)],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="reuse databases built by an earlier run")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"sizes": {}}
    for size in SIZES:
        db = ROOT / "var" / f"benchmark-{size}.sqlite3"
        db.parent.mkdir(exist_ok=True)
        if not (args.reuse and db.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            seconds = build(size, db)
            print(f"built {size} county in {seconds:.0f} s", flush=True)
        report["sizes"][size] = measure(size, db, args.requests)

    small, large = report["sizes"]["county"], report["sizes"]["large"]
    lines = [
        f"{'page':<14}{'size':<8}{'children':>9}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}",
    ]
    for page in PAGES:
        for name in SIZES:
            row = report["sizes"][name]
            lines.append(f"{page:<14}{name:<8}{row['children']:>9}{row[page]['p50_ms']:>9.1f}"
                         f"{row[page]['p95_ms']:>9.1f}{row[page]['queries']:>9}")
    ratios = {page: large[page]["p95_ms"] / small[page]["p95_ms"] for page in PAGES}
    queries_flat = {page: large[page]["queries"] == small[page]["queries"] for page in PAGES}
    lines.append(f"caseload: {small['officer_open_assessments']} / {large['officer_open_assessments']} open "
                 f"assessments on the officer's caseload, of {small['open_assessments']} / "
                 f"{large['open_assessments']} open in the county")
    report["p95_ratio_large_over_county"] = ratios
    report["queries_constant"] = queries_flat
    for page in ratios:
        lines.append(f"{page}: p95 ratio large/county = {ratios[page]:.2f} (target ≤ 1.25); "
                     f"queries constant: {'yes' if queries_flat[page] else 'NO'}")
    print("\n".join(lines))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"run-{stamp}.json").write_text(json.dumps(report, indent=2))
    ok = all(r <= 1.25 for r in ratios.values()) and all(queries_flat.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
