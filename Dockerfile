# HireWire images. `docker compose build` builds both targets:
#   app       the Python services (duckdb_init, duckdb_etl, dbt, report): the same pinned
#             requirements.lock as `make setup`, DuckDB extensions filled at build time so
#             nothing downloads at run time.
#   metabase  Metabase on a glibc base (the official metabase/metabase image is Alpine/musl,
#             which cannot load the DuckDB driver's native library) with the DuckDB driver.

# --- app ---------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DO_NOT_TRACK=1 \
    HIREWIRE_DATA_DIR=/data \
    HIREWIRE_WAREHOUSE=/data/hirewire.duckdb \
    HIREWIRE_EXTENSION_DIR=/opt/hirewire/duckdb_extensions \
    HIREWIRE_ENV_FILE=/dev/null

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
RUN python -m hirewire.duck install \
    && groupadd --system --gid 1000 hirewire \
    && useradd --system --uid 1000 --gid hirewire --home-dir /app hirewire \
    && mkdir -p /data \
    && chown hirewire:hirewire /data \
    && chown -R hirewire:hirewire /app/dbt

# An empty named volume mounted at /data starts with this directory's owner (no VOLUME line:
# services that do not mount /data should not get an anonymous volume).
USER hirewire
CMD ["python", "-m", "hirewire.report", "--help"]

# --- metabase ----------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre-jammy AS metabase

# The driver's DuckDB must read files written by duckdb 1.5.5 (requirements.lock): driver
# 1.5.5.0 embeds DuckDB 1.5.5. Change both versions together.
ARG METABASE_VERSION=0.58.9
ARG DUCKDB_DRIVER_VERSION=1.5.5.0

ENV MB_PLUGINS_DIR=/plugins \
    MB_DB_FILE=/metabase-data/metabase.db \
    MB_ANON_TRACKING_ENABLED=false \
    MB_CHECK_FOR_UPDATES=false

# Same uid/gid as the app's hirewire user: the warehouse is written 0600 (owner only), and
# Metabase reads it as that owner through the read-only volume.
RUN groupadd --system --gid 1000 metabase \
    && useradd --system --uid 1000 --gid metabase --home-dir /metabase-data metabase \
    && mkdir -p /opt/metabase /plugins /metabase-data /duckdb-data \
    && chown metabase:metabase /metabase-data

ADD https://downloads.metabase.com/v${METABASE_VERSION}/metabase.jar /opt/metabase/metabase.jar
ARG DRIVER_RELEASES=https://github.com/motherduckdb/metabase_duckdb_driver/releases/download
ADD ${DRIVER_RELEASES}/${DUCKDB_DRIVER_VERSION}/duckdb.metabase-driver.jar /plugins/
# Metabase unpacks its bundled drivers into MB_PLUGINS_DIR at start-up: it must be writable.
RUN chmod 0644 /opt/metabase/metabase.jar /plugins/duckdb.metabase-driver.jar \
    && chown -R metabase:metabase /plugins

USER metabase
EXPOSE 3000
CMD ["java", "-jar", "/opt/metabase/metabase.jar"]
