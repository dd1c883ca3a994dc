import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AppendOnlyError, AuditEvent, Kind, Verb
from wayfinder.audit.services import audit_record, record_access
from wayfinder.audit.verify import audit_verify
from wayfinder.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _raw(sql: str, params=()):
    """Tamper with the table the way someone with database access could, bypassing the app."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A database superuser can switch triggers off for their session; the chain still tells.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def history():
    officer = UserFactory()
    child = ChildFactory()
    for n in range(5):
        audit_record(actor=officer, verb=Verb.UPDATED, target=child, child=child, summary=f"Change {n}",
                     payload={"changes": {"postcode": {"from": "DE4 3AG", "to": f"DE4 3A{n}"}}})
    record_access(actor=officer, target=child, child=child, summary="Viewed the record")
    return officer, child


def test_an_untouched_trail_verifies(history):
    result = audit_verify()
    assert result.ok and result.checked == 6


def test_events_are_typed_and_chained(history):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.kind for e in events] == [Kind.CHANGE] * 5 + [Kind.ACCESS]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))
    assert events[0].actor_label.endswith("(SEN casework officer)")


def test_verify_detects_an_edited_summary(history):
    target = AuditEvent.objects.get(seq=3)
    _raw("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["Nothing happened", target.pk])
    result = audit_verify()
    assert not result.ok
    assert "Event 3 has been altered since it was written" in result.problems


def test_verify_detects_an_edited_payload(history):
    target = AuditEvent.objects.get(seq=2)
    _raw("UPDATE audit_auditevent SET payload = %s WHERE id = %s", ['{"changes": {}}', target.pk])
    assert "Event 2 has been altered since it was written" in audit_verify().problems


def test_verify_detects_a_deleted_row_in_the_middle(history):
    _raw("DELETE FROM audit_auditevent WHERE seq = 4")
    problems = audit_verify().problems
    assert any("missing" in p for p in problems)
    assert any("chain broken" in p for p in problems)


def test_verify_detects_rows_deleted_from_the_end(history):
    _raw("DELETE FROM audit_auditevent WHERE seq >= 5")
    assert any("deleted from the end" in p for p in audit_verify().problems)


def test_the_verify_command_fails_on_a_tampered_trail(history, capsys):
    call_command("audit_verify")
    assert "chain intact" in capsys.readouterr().out
    _raw("UPDATE audit_auditevent SET actor_label = 'Someone else' WHERE seq = 1")
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit_verify")


def test_the_application_cannot_change_or_delete_an_event(history):
    event = AuditEvent.objects.first()
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_postgresql_refuses_updates_to_the_audit_table_itself(history):
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = 'x' WHERE seq = 1")


def test_an_event_is_not_kept_when_its_change_is_rolled_back(history):
    child = history[1]
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, verb=Verb.UPDATED, target=child, child=child, summary="will roll back")
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before
    assert audit_verify().ok
