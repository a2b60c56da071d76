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
# /scripts and /usr/app are the design's paths (docs/dashboards.md, "From the design"):
# `python3 /scripts/etl/etl_postgres_to_duckdb.py` and `cd /usr/app && dbt run` work as written.
RUN python -m hirewire.duck install \
    && groupadd --system --gid 1000 hirewire \
    && useradd --system --uid 1000 --gid hirewire --home-dir /app hirewire \
    && mkdir -p /data \
    && chown hirewire:hirewire /data \
    && chown -R hirewire:hirewire /app/dbt \
    && ln -s /app/scripts /scripts \
    && ln -s /app/dbt /usr/app

# `dbt run` / `dbt build` typed in a container go through the atomic publish
# (docker/app/bin/dbt); hirewire.analytics itself calls the real dbt by its full path.
ENV PATH=/app/docker/app/bin:$PATH

# An empty named volume mounted at /data starts with this directory's owner (no VOLUME line:
# services that do not mount /data should not get an anonymous volume).
USER hirewire
CMD ["python", "-m", "hirewire.report", "--help"]

# --- metabase ----------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre-jammy AS metabase

# The pair the driver's own repository builds and tests: its release 1.5.5.0 is titled
# "Metabase 63 + DuckDB 1.5.5" (it fixes the connection-pool-type option of Metabase 63), and its
# Dockerfile at that release pairs it with Metabase 0.63.10, a version its release check requires
# to be listed as compatible (metabase_versions.json) and its image smoke test runs. The
# driver's DuckDB (1.5.5) need not match requirements.lock: the warehouse is written with
# storage compatibility v1.0.0, which DuckDB 1.1.0 and later read (tests/test_compose.py).
# Change a version only with its line in docker/metabase/SHA256SUMS.
ARG METABASE_VERSION=0.63.10
ARG DUCKDB_DRIVER_VERSION=1.5.5.0
ARG DRIVER_RELEASES=https://github.com/motherduckdb/metabase_duckdb_driver/releases/download

# Metabase listens on localhost unless told otherwise: inside the container it must listen on
# every interface for the published port to reach it (compose binds that to 127.0.0.1).
ENV MB_PLUGINS_DIR=/plugins \
    MB_JETTY_HOST=0.0.0.0 \
    MB_JETTY_PORT=3000 \
    JAVA_OPTS="-Dfile.encoding=UTF-8 --add-opens java.base/java.nio=ALL-UNNAMED" \
    MB_DB_FILE=/metabase-data/metabase.db \
    MB_ANON_TRACKING_ENABLED=false \
    MB_CHECK_FOR_UPDATES=false \
    HIREWIRE_WAREHOUSE_FILE=/duckdb-data/hirewire.duckdb

# Same uid/gid as the app's hirewire user: the warehouse is written 0600 (owner only), and
# Metabase reads it as that owner through the read-only volume. /duckdb-data belongs to that
# uid too: whichever image first mounts the empty hirewire_data volume gives it its owner, so
# the volume is uid 1000 whether Metabase or a Python service starts first.
RUN groupadd --system --gid 1000 metabase \
    && useradd --system --uid 1000 --gid metabase --home-dir /metabase-data metabase \
    && mkdir -p /opt/metabase /opt/hirewire /plugins /metabase-data /duckdb-data \
    && chown metabase:metabase /metabase-data /duckdb-data

COPY docker/metabase/SHA256SUMS docker/metabase/verify-downloads.sh \
    docker/metabase/run-metabase.sh /opt/hirewire/
ADD https://downloads.metabase.com/v${METABASE_VERSION}/metabase.jar /opt/metabase/metabase.jar
ADD ${DRIVER_RELEASES}/${DUCKDB_DRIVER_VERSION}/duckdb.metabase-driver.jar /plugins/
# Nothing downloaded is used before its SHA-256 matches the pinned one.
# Metabase unpacks its bundled drivers into MB_PLUGINS_DIR at start-up: it must be writable.
RUN /opt/hirewire/verify-downloads.sh /opt/hirewire/SHA256SUMS \
        /opt/metabase/metabase.jar "metabase-${METABASE_VERSION}.jar" \
        /plugins/duckdb.metabase-driver.jar "duckdb.metabase-driver-${DUCKDB_DRIVER_VERSION}.jar" \
    && chmod 0644 /opt/metabase/metabase.jar /plugins/duckdb.metabase-driver.jar \
    && chown -R metabase:metabase /plugins

USER metabase
EXPOSE 3000
# Restarts Metabase when a new warehouse is published (its header says why).
CMD ["/opt/hirewire/run-metabase.sh"]
