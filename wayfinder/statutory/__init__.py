"""Statutory clock engine for SEND casework in England.

Pure Python (no Django): the working-day and closure calendars, and the date arithmetic behind every
rule id in ``statutory-timescales.md`` (``ASSESS-DECISION``, ``PLAN-FINAL-20W`` and so on).
"""
