"""``backbeat moves`` and ``backbeat moves show ID``."""

from __future__ import annotations

import argparse
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.listing import listing_json, movement_json
from backbeat.catalog.schema import Movement
from backbeat.cli.catalogue import hint
from backbeat.cli.console import console
from backbeat.context import Env, open_catalogue
from backbeat.inputs import file_name
from backbeat.json_text import json_text
from backbeat.status import ExitStatus
from backbeat.words import dose_text, listing


def list_moves(args: argparse.Namespace, env: Env) -> ExitStatus:
    """Print the filtered catalogue as a table, or as JSON with ``--json``."""
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    found = catalogue.select(
        place=args.place, position=args.position, region=args.region, kind=args.kind
    )
    if args.json:
        env.stdout.write(json_text(listing_json(found)))
        return ExitStatus.OK
    from rich.table import Table

    table = Table(title=f"{len(found)} movements", title_justify="left", expand=False)
    table.add_column("id", no_wrap=True, style="bold")
    for column in ("name", "kind", "position", "places", "effort", "dose"):
        table.add_column(column, overflow="fold")
    for m in found:
        places = ", ".join(m.places)
        table.add_row(m.id, m.name, m.kind, m.position, places, str(m.effort), dose_text(m.dose))
    console(env).print(table)
    return ExitStatus.OK


def show_move(args: argparse.Namespace, env: Env) -> ExitStatus:
    """Print one movement in full; an unknown id suggests the nearest ones and exits 2."""
    catalogue = open_catalogue(env)
    if catalogue is None:
        return ExitStatus.INVALID
    movement = catalogue.get(args.id)
    if movement is None:
        env.stderr.write(f"backbeat: unknown movement {args.id!r}{hint(catalogue, args.id)}\n")
        return ExitStatus.USAGE
    if args.frames is not None and not args.json:
        env.stderr.write("backbeat moves show: --frames goes with --json\n")
        return ExitStatus.USAGE
    if args.svg:
        try:
            _draw(movement, Path(file_name(args.svg)))
        except ValueError as error:
            env.stderr.write(f"backbeat moves show: --svg: {error}\n")
            return ExitStatus.INVALID
        except OSError as error:
            env.stderr.write(
                f"backbeat moves show: {args.svg}: cannot be written ({error.strerror or error})\n"
            )
            return ExitStatus.INVALID
    if args.frames is not None:
        from backbeat.catalog.animation import sides
        from backbeat.motion.contract import frames

        env.stdout.write(json_text({"frames": frames(sides(movement), args.frames)}))
        return ExitStatus.OK
    if args.json:
        env.stdout.write(json_text(movement_json(movement, full=True)))
        return ExitStatus.OK
    _print_movement(movement, catalogue, env)
    return ExitStatus.OK


def _print_movement(m: Movement, catalogue: Catalogue, env: Env) -> None:
    from rich.markup import escape

    out = console(env)
    out.print(f"[bold]{escape(m.name)}[/bold]  [dim]{m.id}[/dim]")
    out.print(escape(m.summary))
    out.print(
        f"[dim]{m.kind} · {m.position} · effort {m.effort}/5 · "
        f"for {escape(listing(m.regions))}[/dim]"
    )
    out.print(
        f"Where: {listing(m.places)}"
        + (f" (not: {listing(m.avoid_places)})" if m.avoid_places else "")
    )
    out.print(f"Dose: {dose_text(m.dose)}")
    out.print()
    for number, cue in enumerate(m.cues, start=1):
        out.print(f"  {number}. {escape(cue)}")
    if m.breathing:
        out.print(f"  Breathing: {escape(m.breathing)}")
    for label, links in (("Easier", m.easier), ("Harder", m.harder)):
        if links:
            names = [
                f"{catalogue.movements[i].name} ({i})" for i in links if i in catalogue.movements
            ]
            out.print(f"{label}: {escape(listing(names))}")
    out.print()
    out.print("[bold]Take care[/bold]")
    for caution in m.cautions:
        out.print(f"  - {escape(caution)}")
    out.print(f"[dim]Sources: {escape('; '.join(m.sources))}[/dim]")


def _draw(movement: Movement, path: Path) -> None:
    from backbeat.catalog.animation import grounded
    from backbeat.motion.svg import filmstrip_svg

    left = grounded(movement)
    figures = [(f"{k.phase} {k.t:g} s", left.at(k.t).figure) for k in left.keys]
    path.write_text(
        filmstrip_svg(figures, movement.motion.view, boxes=left.boxes), encoding="utf-8"
    )
