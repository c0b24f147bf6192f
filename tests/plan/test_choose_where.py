"""``Chooser.where`` answers from the catalogue's indexes and from answers shared by the days of
a plan; what it gives must be what ``pool`` gives over every movement of the place, one by one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.catalog.vocabulary import KINDS, PLACES
from backbeat.plan.choose import Chooser, Shared
from backbeat.plan.profile import Profile
from backbeat.plan.progression import MORNING_TAG, Progress
from tests.plan.strategies import CATALOGUE, MOVES, profiles

ids = st.frozensets(st.sampled_from(MOVES), max_size=4)


@st.composite
def progresses(draw: st.DrawFn) -> Progress:
    swaps = draw(st.dictionaries(st.sampled_from(MOVES), st.sampled_from(MOVES), max_size=3))
    return Progress(
        swaps=swaps,
        paused=draw(ids),
        stepped_back=draw(ids),
        recent_pain_during=draw(st.none() | st.integers(0, 10)),
    )


@settings(deadline=None)
@given(
    profiles,
    st.none() | progresses(),
    st.sampled_from(sorted(PLACES)),
    st.frozensets(st.sampled_from(sorted(KINDS)), max_size=2),
    st.none() | st.just(MORNING_TAG),
)
def test_where_gives_what_pool_gives_over_every_movement_of_the_place(
    profile: Profile,
    progress: Progress | None,
    place: str,
    kinds: frozenset[str],
    tag: str | None,
) -> None:
    shared: Shared = {}
    chooser = Chooser(CATALOGUE, profile, progress or Progress(), shared)
    every = [
        m
        for m in CATALOGUE.movements.values()
        if (m.id in chooser.progress.swaps or m.id in chooser.progress.stepped_back)
        or chooser.fits(m, place)
    ]
    slow = chooser.pool(
        (m for m in every if (not kinds or m.kind in kinds) and (tag is None or tag in m.tags)),
        place,
    )
    assert chooser.where(place, kinds=kinds, tag=tag) == slow
    again = Chooser(CATALOGUE, profile, progress or Progress(), shared)  # another day, alike
    assert again.where(place, kinds=kinds, tag=tag) == slow
