#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
# Creates HireWire's two login roles with their passwords from .env, so services never use the
# admin role: hirewire_app writes data, hirewire_etl only reads (the migrations, applied later
# by `python -m hirewire.migrate`, grant their privileges and skip creating roles that exist).
# psql reads the passwords from the environment (\getenv) and quotes them as literals (:'name'):
# they never appear on a command line or in a log.
set -euo pipefail

: "${HIREWIRE_APP_PASSWORD:?set HIREWIRE_APP_PASSWORD in .env}"
: "${HIREWIRE_ETL_PASSWORD:?set HIREWIRE_ETL_PASSWORD in .env}"

psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv app_password HIREWIRE_APP_PASSWORD
\getenv etl_password HIREWIRE_ETL_PASSWORD
create role hirewire_app login password :'app_password';
create role hirewire_etl login password :'etl_password';
SQL
