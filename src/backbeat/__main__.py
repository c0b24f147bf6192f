"""``python -m backbeat`` runs the command line."""

from backbeat.cli.main import run

run()
