"""Expected failures end in one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable


class UserError(Exception):
    """A problem the user can fix; the message says what and how."""


def run_cli(main: Callable[[], int]) -> int:
    """Run a command's main(); map expected errors to `error: ...` and exit code 1."""
    from hirewire.settings import SettingsError

    try:
        return main()
    except (UserError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was written by the unfinished step.", file=sys.stderr)
        return 130
