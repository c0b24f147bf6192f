"""Plans per second for random profiles: a clinic may plan thousands of patients nightly.

Run: ``.venv/bin/python benchmarks/plans.py [--profiles N] [--days D]``. Profiles are random but
seeded, so two runs plan the same people. The catalogue is loaded once, as a server would. The
baseline, in the same run, is the same days planned one day at a time: a plan of D days should
cost less, its days sharing what they choose from.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock

from backbeat.catalog.loader import builtin
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import WEEKDAYS, Day, Moment, Prefs, Profile, WorkBlock


def random_profile(rng: random.Random) -> Profile:
    def at() -> clock:
        return clock(rng.randrange(24), rng.choice((0, 15, 30, 45)))

    wake = clock(rng.randrange(4, 11), rng.choice((0, 30)))
    work = tuple(
        WorkBlock(
            start=at(),
            end=at(),
            place=rng.choice(("desk", "car", "standing")),
            days=tuple(rng.sample(WEEKDAYS, rng.randint(3, 6))),
        )
        for _ in range(rng.randint(0, 2))
    )
    moments = tuple(
        Moment(name=rng.choice(("TV", "cooking", "after dinner")), at=at(), place="sofa")
        for _ in range(rng.randint(0, 3))
    )
    return Profile(
        pain=rng.randint(0, 9),
        day=Day(
            wake=wake, sleep=clock((wake.hour + 16) % 24, wake.minute), work=work, moments=moments
        ),
        prefs=Prefs(minutes_per_day=rng.randint(5, 40), break_every=rng.choice((20, 30, 45, 60))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    catalogue = builtin()
    rng = random.Random(20261121)
    profiles = [random_profile(rng) for _ in range(args.profiles)]
    start = date(2026, 11, 23)
    dates = [start + timedelta(days=n) for n in range(args.days)]
    works: dict[str, Callable[[Profile], object]] = {
        "together": lambda profile: make_plan(profile, catalogue, [], start, args.days),
        "alone": lambda profile: [make_plan(profile, catalogue, [], day) for day in dates],
    }
    rounds: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(5):  # in turn, so a busy moment of the machine falls on both
        for name, work in works.items():
            began = time.perf_counter()
            for profile in profiles:
                work(profile)
            rounds[name].append(time.perf_counter() - began)
    best = statistics.median(rounds["together"])
    alone = statistics.median(rounds["alone"])
    print(f"{args.profiles} random profiles, {args.days}-day plans, median of 5 rounds")
    each_ms = best / args.profiles * 1000
    print(f"  {args.profiles / best:8.1f} plans per second ({each_ms:.2f} ms each)")
    print(f"  {args.profiles * args.days / best:8.1f} plan-days per second")
    print(
        f"  {best / alone:8.2f}x the same days planned one at a time "
        f"({alone / args.profiles * 1000:.2f} ms a person)"
    )


if __name__ == "__main__":
    main()
