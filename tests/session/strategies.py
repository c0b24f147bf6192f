"""Hypothesis strategies for session steps: catalogue movements at random valid doses."""

from __future__ import annotations

from hypothesis import strategies as st

from backbeat.catalog.loader import builtin
from backbeat.catalog.schema import Dose
from backbeat.session.timeline import Step

CATALOGUE = builtin()
halves = st.integers(0, 24).map(lambda n: n / 2)

counted_doses = st.builds(
    Dose,
    reps=st.integers(1, 8),
    hold_s=st.one_of(st.none(), halves),
    tempo_s=st.one_of(st.none(), st.integers(1, 12).map(lambda n: n / 2)),
    rest_s=st.one_of(st.none(), halves),
    sides=st.sampled_from(["none", "both", "alternate"]),
)
timed_doses = st.builds(
    Dose,
    duration_s=st.integers(5, 900).map(float),
    tempo_s=st.one_of(st.none(), st.integers(1, 8).map(lambda n: n / 2)),
    sides=st.sampled_from(["none", "both", "alternate"]),
)
movements = st.sampled_from(sorted(CATALOGUE.movements.values(), key=lambda m: m.id))
steps = st.builds(Step, movements, st.one_of(counted_doses, timed_doses))
catalogue_steps = movements.map(Step.of)
sessions = st.lists(st.one_of(steps, catalogue_steps), min_size=1, max_size=5)
