from django.core.management.base import BaseCommand, CommandError

from wayfinder.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exits 1 if any row was edited or deleted."

    def handle(self, *args, **options):
        result = audit_verify()
        for problem in result.problems:
            self.stderr.write(problem)
        if not result.ok:
            raise CommandError(f"Audit trail FAILED verification: {len(result.problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS(f"Audit trail verified: {result.checked} events, chain intact."))
