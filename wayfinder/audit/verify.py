"""Verifying the hash chain: detects any edited, inserted, reordered or deleted audit row."""

from dataclasses import dataclass, field

from .models import GENESIS_HASH, AuditEvent, ChainHead


@dataclass
class VerifyResult:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_verify(*, chunk_size: int = 5000, max_problems: int = 100) -> VerifyResult:
    result = VerifyResult()
    expected_seq, prev_hash = 1, GENESIS_HASH
    last_seen = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last_seen).order_by("seq")[:chunk_size])
        if not chunk:
            break
        for event in chunk:
            result.checked += 1
            if event.seq != expected_seq:
                result.problems.append(
                    f"Event {expected_seq} to {event.seq - 1} missing: rows have been deleted"
                    if event.seq > expected_seq
                    else f"Event {event.seq} is out of order"
                )
            if event.prev_hash != prev_hash:
                result.problems.append(f"Event {event.seq} does not follow the event before it (chain broken)")
            if event.compute_hash() != event.hash:
                result.problems.append(f"Event {event.seq} has been altered since it was written")
            expected_seq, prev_hash = event.seq + 1, event.hash
            if len(result.problems) >= max_problems:
                return result
        last_seen = chunk[-1].seq
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev_hash):
        result.problems.append(
            f"The newest event should be {head.last_seq} but the log ends at {expected_seq - 1}: "
            "rows have been deleted from the end"
        )
    return result
