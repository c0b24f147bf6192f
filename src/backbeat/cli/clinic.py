"""``backbeat clinic migrate``, ``add-clinician`` and ``serve``: the clinic server's commands.

The server itself is started by name (``backbeat.clinic.app:from_environ``), so the command line
never imports the web framework, and each of uvicorn's worker processes builds its own app.
"""

from __future__ import annotations

import argparse
import os

from backbeat.context import Env
from backbeat.status import ExitStatus


def _engine(args: argparse.Namespace, env: Env, command: str) -> object | None:
    from backbeat.clinic.db import Refused, connect

    try:
        return connect(args.db)
    except Refused as error:
        env.stderr.write(f"backbeat clinic {command}: {error}\n")
        return None


def migrate(args: argparse.Namespace, env: Env) -> ExitStatus:
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.clinic.db import migrate as bring_up
    from backbeat.clinic.db import version

    engine = _engine(args, env, "migrate")
    if not isinstance(engine, Engine):
        return ExitStatus.INVALID
    try:
        before = version(engine)
        bring_up(engine)
        after = version(engine)
    except SQLAlchemyError as error:
        env.stderr.write(f"backbeat clinic migrate: the database refused: {_first(error)}\n")
        return ExitStatus.INVALID
    finally:
        engine.dispose()
    said = "already up to date" if before == after else f"brought from {before or 'empty'} to"
    env.stdout.write(f"The clinic's database is {said} {after}.\n".replace("date c", "date at c"))
    return ExitStatus.OK


def add_clinician(args: argparse.Namespace, env: Env) -> ExitStatus:
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.clinic.accounts import LINK_LIFE
    from backbeat.clinic.accounts import add_clinician as add
    from backbeat.clinic.db import up_to_date

    engine = _engine(args, env, "add-clinician")
    if not isinstance(engine, Engine):
        return ExitStatus.INVALID
    try:
        if not up_to_date(engine):
            env.stderr.write(
                "backbeat clinic add-clinician: the database is not up to date: run "
                "backbeat clinic migrate --db URL first\n"
            )
            return ExitStatus.INVALID
        token = add(engine, args.email, args.clinic, env.clock())
    except ValueError as error:
        env.stderr.write(f"backbeat clinic add-clinician: {error}\n")
        return ExitStatus.INVALID
    except SQLAlchemyError as error:
        env.stderr.write(f"backbeat clinic add-clinician: the database refused: {_first(error)}\n")
        return ExitStatus.INVALID
    finally:
        engine.dispose()
    hours = int(LINK_LIFE.total_seconds() // 3600)
    env.stdout.write(
        f"Send this one-time link to {args.email} (valid {hours} hours; append it to the "
        f"server's address):\n/setup/{token}\n"
    )
    return ExitStatus.OK


def serve(args: argparse.Namespace, env: Env) -> ExitStatus:
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError

    from backbeat.clinic.db import DB_VARIABLE, PROXIES_VARIABLE, up_to_date

    engine = _engine(args, env, "serve")
    if not isinstance(engine, Engine):
        return ExitStatus.INVALID
    try:
        ready = up_to_date(engine)
    except SQLAlchemyError as error:
        env.stderr.write(f"backbeat clinic serve: the database refused: {_first(error)}\n")
        return ExitStatus.INVALID
    finally:
        engine.dispose()
    if not ready:
        env.stderr.write(
            "backbeat clinic serve: the database is not up to date: run "
            "backbeat clinic migrate --db URL first\n"
        )
        return ExitStatus.INVALID
    import uvicorn

    os.environ[DB_VARIABLE] = args.db  # read by each worker's app
    os.environ[PROXIES_VARIABLE] = ",".join(args.trusted_proxy)
    env.stdout.write(
        f"backbeat clinic: serving http://{args.host}:{args.port}/api/v1/ with "
        f"{args.workers} worker(s); Ctrl-C stops it.\n"
    )
    uvicorn.run(
        "backbeat.clinic.app:from_environ",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,  # the app believes only the proxies it was given
        log_level="warning",
    )
    return ExitStatus.OK


def _first(error: BaseException) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0]
