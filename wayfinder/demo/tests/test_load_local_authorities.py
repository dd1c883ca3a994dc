import io
from datetime import date

import pytest
from django.core.management import call_command

from wayfinder.people.models import LocalAuthority

pytestmark = pytest.mark.django_db

HEADER = "time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name,ehcplans\n"
ROWS = [
    "202122,Academic year,National,,,,100",
    "202122,Academic year,Local authority,E10000021,928,Northamptonshire,5",
    "202223,Academic year,Local authority,E10000007,830,Derbyshire,7",
    "202324,Academic year,Local authority,E10000007,830,Derbyshire,8",
    "202324,Academic year,Local authority,E06000061,940,North Northamptonshire,9",
    "202223,Academic year,Local authority,E06000061,940,North Northamptonshire,9",
]


def write_csv(tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    return path


def test_local_authorities_are_dated_by_the_censuses_they_appear_in(tmp_path):
    call_command("load_local_authorities", "--path", str(write_csv(tmp_path)), stdout=io.StringIO())
    derbyshire = LocalAuthority.objects.get(code="830")
    assert (derbyshire.gss_code, derbyshire.valid_from, derbyshire.valid_to) == ("E10000007", date(2023, 1, 1), None)
    old = LocalAuthority.objects.get(code="928")
    assert (old.valid_from, old.valid_to) == (date(2022, 1, 1), date(2022, 1, 31))
    assert LocalAuthority.objects.get(code="940").valid_from == date(2023, 1, 1)


def test_loading_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path)
    call_command("load_local_authorities", "--path", str(path), stdout=io.StringIO())
    first = list(LocalAuthority.objects.order_by("code").values())
    call_command("load_local_authorities", "--path", str(path), stdout=io.StringIO())
    assert list(LocalAuthority.objects.order_by("code").values()) == first


def test_without_the_file_only_derbyshire_is_created_with_a_clear_message(tmp_path):
    out = io.StringIO()
    call_command("load_local_authorities", "--path", str(tmp_path / "nope.csv"), stdout=out)
    assert "was not found" in out.getvalue()
    assert list(LocalAuthority.objects.values_list("code", "gss_code", "name")) == [
        ("830", "E10000007", "Derbyshire")]
