"""Create or update Superset's admin account; the password arrives on stdin, never in argv.

Runs inside .venv-superset: `.venv-superset/bin/python -m hirewire.superset_server.admin USER`
with the password as the first line of stdin. Prints `created` or `updated`.
"""

import sys

from superset.app import create_app


def main() -> int:
    username = sys.argv[1]
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("no password on stdin", file=sys.stderr)
        return 2
    app = create_app()
    with app.app_context():
        from superset import security_manager

        user = security_manager.find_user(username=username)
        if user is None:
            created = security_manager.add_user(
                username=username,
                first_name="HireWire",
                last_name="Admin",
                email=f"{username}@localhost",
                role=security_manager.find_role("Admin"),
                password=password,
            )
            if not created:
                print(f"could not create the Superset user {username}", file=sys.stderr)
                return 1
            print("created")
        else:
            security_manager.reset_password(user.id, password)
            print("updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
