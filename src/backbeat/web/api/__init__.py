"""The JSON API under ``/api/v1`` (see ``backbeat.web.api.app``)."""
