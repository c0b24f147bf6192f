"""Keyframes to poses over time, and poses to pictures: pure geometry, no I/O."""
