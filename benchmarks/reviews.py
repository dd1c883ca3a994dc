"""The pages that keep plans alive, at two sizes of county, measured in one run.

    .venv/bin/python benchmarks/reviews.py [--requests 30] [--reuse]

Uses the same two SQLite databases as ``run.py`` (the demo county generator's ``county``, 2,500 children with
EHC plans, and ``large``, 25,000; built unless ``--reuse`` finds them) and times, through Django's test client
(full middleware, view, template and audit stack), as a team manager who can see every plan (the worst case):

* ``radar``: the review radar, overdue plans (it reads every plan in force the user can see);
* ``radar_locality``: the same filtered to one locality;
* ``plan``: a child's plan page (reviews, provision delivered, disagreements, transfers);
* ``cohort``: the phase transfer cohort;
* ``measure``: provision delivered last term, by setting and locality.

The radar, the cohort and the measure read every plan they show, so they grow with the county by design; the
report gives p50 and p95 per page and size, the large/county ratio of p95 and the plans per page, and SQL
queries per page, which must not grow with the data. Results are printed and written to benchmarks/results/.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SIZES = ("county", "large")
PAGES = ("radar", "radar_locality", "plan", "cohort", "measure")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def measure_here(requests: int) -> dict:
    """Run inside a process whose DATABASE_URL names one county."""
    import random

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wayfinder.accounts.models import Role, Scope, User
    from wayfinder.ehc.models import Plan
    from wayfinder.people.models import Locality

    settings.ALLOWED_HOSTS = ["testserver"]
    user, _ = User.objects.get_or_create(username="benchmark-manager", defaults={
        "role": Role.TEAM_MANAGER, "scope": Scope.ALL, "email": "bm@example.org"})
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    rng = random.Random(7)
    plans = list(Plan.objects.values_list("pk", flat=True))
    locality = Locality.objects.filter(children__isnull=False).order_by("pk").first()
    radar = reverse("staff:review-radar")
    cases = {
        "radar": [(radar, {"show": "overdue"})] * requests,
        "radar_locality": [(radar, {"show": "overdue", "locality": locality.pk})] * requests,
        "plan": [(reverse("staff:plan-detail", kwargs={"plan_pk": rng.choice(plans)}), None)
                 for _ in range(requests)],
        "cohort": [(reverse("staff:phase-cohort"), None)] * requests,
        "measure": [(reverse("staff:delivery-measure"), None)] * requests,
    }
    result = {"plans": len(plans)}
    for page, calls in cases.items():
        for url, params in calls[:3]:  # warm caches
            client.get(url, params)
        timings, queries = [], set()
        for url, params in calls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.add(len(captured.captured_queries))
        result[page] = {"p50_ms": statistics.median(timings), "p95_ms": percentile(timings, 95),
                        "queries": max(queries), "query_counts_seen": sorted(queries)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="reuse databases built by an earlier run")
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_here:
        print(json.dumps(measure_here(args.requests)))
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import build

    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict = {"sizes": {}}
    for size in SIZES:
        db = ROOT / "var" / f"benchmark-{size}.sqlite3"
        db.parent.mkdir(exist_ok=True)
        if not (args.reuse and db.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            print(f"built {size} county in {build(size, db):.0f} s", flush=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        out = subprocess.run([sys.executable, __file__, "--measure-here", "--requests", str(args.requests)],
                             cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        report["sizes"][size] = json.loads(out.stdout.strip().splitlines()[-1])
    small, large = (report["sizes"][s] for s in SIZES)
    lines = [f"{'page':<16}{'size':<8}{'plans':>8}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}"]
    for page in PAGES:
        for name in SIZES:
            row = report["sizes"][name]
            lines.append(f"{page:<16}{name:<8}{row['plans']:>8}{row[page]['p50_ms']:>9.1f}"
                         f"{row[page]['p95_ms']:>9.1f}{row[page]['queries']:>9}")
    report["p95_ratio_large_over_county"] = {p: large[p]["p95_ms"] / small[p]["p95_ms"] for p in PAGES}
    report["plans_ratio"] = large["plans"] / small["plans"]
    report["queries_constant"] = {p: large[p]["queries"] == small[p]["queries"] for p in PAGES}
    for page, ratio in report["p95_ratio_large_over_county"].items():
        lines.append(f"{page}: p95 ratio large/county = {ratio:.2f} (plans ratio {report['plans_ratio']:.1f}); "
                     f"queries constant: {'yes' if report['queries_constant'][page] else 'NO'}")
    print("\n".join(lines))
    (RESULTS / f"reviews-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
