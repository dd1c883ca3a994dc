"""Escalate overdue carers' questions and carer's assessment requests to the ask-us team's managers (run daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from wayfinder.directory import carers


class Command(BaseCommand):
    help = ("Report overdue 'ask us' questions and carer's assessment requests by escalation level, and email the "
            "ask-us team's managers the ones not escalated at that level before (each is recorded once in the "
            "audit trail, so running it again sends nothing new).")

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="on", help="Escalate as on this day (YYYY-MM-DD); today if not given")

    def handle(self, *args, **options):
        on = None
        if options.get("on"):
            try:
                on = date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(f"--date must be a date like 2026-12-24, not {options['on']!r}") from error
        report = carers.escalations_send(on=on)
        self.stdout.write(f"Overdue on {carers.in_words(report.on)}:")
        for level in (1, 2):
            self.stdout.write(f"  {carers.LEVEL_WORDS[level]}: {report.count(level)} "
                              f"({report.count(level, new=True)} new)")
            for item in report.items:
                if item.clock.level == level:
                    what = "question" if item.kind == "question" else "carer's assessment request"
                    self.stdout.write(f"    {item.obj.reference} ({what}), due {carers.long_date(item.clock.due)}, "
                                      f"{item.clock.overdue_words.lower()}{' - new' if item.new else ''}")
        fresh = sum(1 for i in report.items if i.new)
        if fresh and not report.emailed:
            self.stdout.write(self.style.WARNING(f"{fresh} new escalation(s) recorded, but no team manager of "
                                                 f"{carers.ask_us_team()} has an email address: nobody was emailed."))
        elif report.emailed:
            self.stdout.write(f"Emailed {', '.join(report.emailed)} about {fresh} new escalation(s).")
        else:
            self.stdout.write("Nothing new to escalate.")
