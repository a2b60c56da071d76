#!/usr/bin/env bash
# The metabase container's main process: runs Metabase, and restarts it whenever the published
# warehouse is replaced, so dashboards show what was just published.
#
# Why: every publish (make refresh / etl / dbt, or the compose commands behind them) renames a
# new file over /duckdb-data/hirewire.duckdb. The DuckDB driver's pooled connection keeps the
# old file open and goes on answering from it; its maintainers say a restart is what reloads
# it (motherduckdb/metabase_duckdb_driver issue #63), and "Sync" does not. Watching the file's
# identity (device, inode and change time: a freed inode can be reused) here catches every way
# of publishing, with no Docker socket and no Metabase credentials in any container.
#
# A Metabase that has not answered healthy since it started has opened no warehouse yet (and
# may be migrating its application database, which a restart could leave locked): it is left
# alone and reads the new file when it comes up.
#
#   HIREWIRE_WAREHOUSE_FILE   the file to watch (default /duckdb-data/hirewire.duckdb)
#   HIREWIRE_WATCH_SECONDS    how often to look (default 5)
#   MB_JETTY_PORT             Metabase's port, for its health check (default 3000)
set -uo pipefail

warehouse=${HIREWIRE_WAREHOUSE_FILE:-/duckdb-data/hirewire.duckdb}
interval=${HIREWIRE_WATCH_SECONDS:-5}
port=${MB_JETTY_PORT:-3000}
pid=""
ready=0

identity() { stat --format '%d:%i:%z' "$warehouse" 2>/dev/null || echo none; }

# GET /api/health with bash alone (no curl in the image): 200 once Metabase is up.
healthy() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        printf 'GET /api/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
        read -r -t 5 status <&3 && [[ $status == *" 200"* ]]
    ) 2>/dev/null
}

start() {
    # shellcheck disable=SC2086  # JAVA_OPTS holds several options on purpose
    java ${JAVA_OPTS:-} -jar /opt/metabase/metabase.jar &
    pid=$!
    ready=0
}

stop() {
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

trap 'stop; exit 0' TERM INT

seen=$(identity)
start
while true; do
    sleep "$interval" &
    wait $!
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        exit $?  # Metabase died on its own: let the restart policy handle it
    fi
    [ "$ready" = 1 ] || { healthy && ready=1; }
    now=$(identity)
    [ "$now" = "$seen" ] && continue
    # One publish is one rename, but `make etl` then `make dbt` publish twice in a row: wait
    # until the file stays the same for one interval, then restart once.
    while sleep "$interval" && [ "$(identity)" != "$now" ]; do now=$(identity); done
    if [ "$now" = none ] || [ "$seen" = none ] || [ "$ready" = 0 ]; then
        # Removed: nothing new to read. The first warehouse, or Metabase still starting: it has
        # no warehouse open yet and will read this one.
        seen=$now
        continue
    fi
    echo "hirewire: the warehouse was republished ($seen -> $now): restarting Metabase to read it"
    stop
    seen=$now
    start
done
