"""The web fixtures, for checking the screen through every face."""

from tests.web.conftest import clock, web

__all__ = ["clock", "web"]
