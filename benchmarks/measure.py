"""Measure one database (called by run.py with DATABASE_URL set). Prints one JSON line."""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from wayfinder.accounts.models import Role, Scope, User  # noqa: E402
from wayfinder.ehc.models import Assessment  # noqa: E402
from wayfinder.ehc.selectors import _open  # noqa: E402
from wayfinder.people.models import Child  # noqa: E402

CASELOAD = 20  # open assessments on the benchmark officer's caseload, at both sizes


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def caseload_size(user) -> int:
    from wayfinder.ehc.selectors import caseload

    return len(caseload(user=user))


def main():
    requests = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 300
    settings.ALLOWED_HOSTS = ["testserver"]
    user, _ = User.objects.get_or_create(
        username="benchmark", defaults={"role": Role.CASEWORK_OFFICER, "scope": Scope.ALL, "email": "b@example.org"}
    )
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    client = default_client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    rng = random.Random(7)
    ids = list(Child.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    surnames = list(Child.objects.values_list("legal_surname", flat=True)[:5000])
    search_url, detail = reverse("staff:child-search"), "staff:child-detail"
    cases = {
        "search": [(search_url, {"q": rng.choice(surnames)[:4]}) for _ in range(requests)],
        "record": [(reverse(detail, kwargs={"pk": rng.choice(ids)}), None) for _ in range(requests)],
    }
    # "My caseload" for an officer with exactly CASELOAD open assessments, so that the two sizes differ only in
    # the size of the county: every open assessment's clocks are computed on each request.
    officer, _ = User.objects.get_or_create(
        username="benchmark-officer",
        defaults={"role": Role.CASEWORK_OFFICER, "scope": Scope.ALL, "email": "bo@example.org"})
    officer_device, _ = TOTPDevice.objects.get_or_create(user=officer, name="benchmark", defaults={"confirmed": True})
    open_ids = list(_open(Assessment.objects.all()).order_by("pk").values_list("pk", flat=True)[:CASELOAD])
    Assessment.objects.filter(pk__in=open_ids).update(caseworker=officer)
    officer_client = Client()
    officer_client.force_login(officer)
    officer_session = officer_client.session
    officer_session[DEVICE_ID_SESSION_KEY] = officer_device.persistent_id
    officer_session.save()
    cases["caseload"] = [(reverse("staff:caseload"), None) for _ in range(requests)]
    clients = {"caseload": officer_client}
    result = {"children": len(ids), "officer_open_assessments": caseload_size(officer),
              "open_assessments": _open(Assessment.objects.all()).count()}
    for page, calls in cases.items():
        client = clients.get(page, default_client)
        for url, params in calls[:20]:  # warm caches
            client.get(url, params)
        timings, queries = [], set()
        for url, params in calls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.add(len(captured.captured_queries))
        result[page] = {
            "p50_ms": statistics.median(timings),
            "p95_ms": percentile(timings, 95),
            "queries": max(queries),
            "query_counts_seen": sorted(queries),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
