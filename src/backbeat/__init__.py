"""backbeat: a local-first coach for everyday lower back pain."""

__version__ = "0.1.0"
