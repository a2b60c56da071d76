"""Superset's configuration for HireWire (loaded by Superset through SUPERSET_CONFIG_PATH).

Runs inside .venv-superset. Everything comes from the environment that `python -m
hirewire.superset` sets: the state directory (metadata database, secret key file) and nothing
else. The secret key is read from its 0600 file, never from the repository.
"""

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

HOME = Path(os.environ["HIREWIRE_SUPERSET_HOME"])

SECRET_KEY = (HOME / "secret_key").read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{HOME / 'superset.db'}"


@event.listens_for(Engine, "connect")
def _sqlite_wal(dbapi_connection: object, _record: object) -> None:
    """The metadata database in WAL mode: the server reads while a setup writes, and the
    setup's thousands of small commits wait for one disk sync per checkpoint, not each."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma journal_mode=wal")
        cursor.execute("pragma synchronous=normal")
        cursor.close()


# Anonymous visitors get the empty Public role: the login page and nothing else.
PUBLIC_ROLE_LIKE = None
AUTH_ROLE_PUBLIC = "Public"

# Every chart load queries the published warehouse: after `make refresh` the next load shows the
# new data (no result cache to expire).
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
FILTER_STATE_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}
EXPLORE_FORM_DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}

# Served on 127.0.0.1 over plain HTTP: no HTTPS-only cookie. One process, so the login rate
# limiter keeps its counts in memory.
SESSION_COOKIE_SECURE = False
RATELIMIT_STORAGE_URI = "memory://"

# Offline: no thumbnails or screenshots by Superset itself, no example data, no telemetry.
FEATURE_FLAGS = {"THUMBNAILS": False, "ALERT_REPORTS": False}
SUPERSET_WEBSERVER_TIMEOUT = 60
