"""Guided sessions: movements become a timeline of short cues (pure), which a player paces
against the monotonic clock and shows, sounds and speaks (shell), ending with a check-in."""
