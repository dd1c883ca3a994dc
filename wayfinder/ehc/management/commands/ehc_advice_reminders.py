"""Remind professionals of advice due within a week; escalate overdue advice to team managers (run daily)."""

from django.core.management.base import BaseCommand

from wayfinder.ehc.services import advice_send_reminders


class Command(BaseCommand):
    help = "Remind whoever was asked for advice a week before it is due, and escalate overdue advice (reg 8)."

    def handle(self, *args, **options):
        counts = advice_send_reminders()
        self.stdout.write(f"Reminders sent: {counts['reminded']}. Escalated to team managers: {counts['escalated']}.")
