"""Set Superset up in one process: what `superset db upgrade`, `superset init`, creating the
admin and `superset import-dashboards -p BUNDLE -u USER` do, with one application start instead
of four (each start costs several seconds).

Runs inside .venv-superset, from `python -m hirewire.superset start`:

    .venv-superset/bin/python -m hirewire.superset_server.setup USER BUNDLE.zip [--admin]

With --admin the password is the first line of stdin (never in argv); the account is created,
or its password reset. Prints one line per finished step with its duration; errors go to stderr.
"""

import argparse
import sys
import time
from pathlib import Path
from zipfile import ZipFile

# Steps are reported on stdout; whatever Superset and its migrations print goes to stderr (the log).
REPORT = sys.stdout
sys.stdout = sys.stderr


def _step(name: str, started: float) -> float:
    print(f"{name} done in {time.monotonic() - started:.1f} s", file=REPORT, flush=True)
    return time.monotonic()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("user")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--admin", action="store_true")
    args = parser.parse_args()
    password = sys.stdin.readline().rstrip("\n") if args.admin else ""
    if args.admin and not password:
        print("no password on stdin", file=sys.stderr)
        return 2

    started = time.monotonic()
    import superset
    from flask import g
    from flask_migrate import upgrade
    from superset.app import create_app

    app = create_app()
    started = _step("start Superset", started)
    with app.app_context():
        from superset import appbuilder, db, security_manager
        from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle

        upgrade(directory=str(Path(superset.__file__).parent / "migrations"))
        started = _step("upgrade the metadata database", started)

        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        db.session.commit()
        started = _step("sync roles and permissions", started)

        user = security_manager.find_user(username=args.user)
        if args.admin:
            if user is None:
                user = security_manager.add_user(
                    username=args.user,
                    first_name="HireWire",
                    last_name="Admin",
                    email=f"{args.user}@localhost",
                    role=security_manager.find_role("Admin"),
                    password=password,
                )
                if not user:
                    print(f"could not create the Superset user {args.user}", file=sys.stderr)
                    return 1
            else:
                security_manager.reset_password(user.id, password)
            db.session.commit()
            started = _step(f"admin account {args.user}", started)
        if user is None:
            print(f"no Superset user {args.user}", file=sys.stderr)
            return 1

        g.user = user
        with ZipFile(args.bundle) as bundle:
            contents = get_contents_from_bundle(bundle)
        ImportDashboardsCommand(contents, overwrite=True).run()
        db.session.commit()
        _step("import the HireWire dashboards", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
