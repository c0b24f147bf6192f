"""Reminders through the day and the plan in a calendar.

The decisions (which reminder is due, when, saying what) are pure: ``due``, ``rules``, ``rest``
and ``messages`` take the plan, the journal's records, the idle state and the time as values.
The rest are shells: ``deliver`` (desktop notifications, or the terminal), ``idle`` (the
platform's idle time), ``launch`` (playing a slot), ``daemon`` (the loop), ``pause`` (a small
file), ``service`` (a systemd unit or launchd agent) and ``calendar`` (an RFC 5545 file).
"""
