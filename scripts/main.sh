#!/usr/bin/env bash
# HireWire's everyday entry point: ./scripts/main.sh <category> <script> [options]
#
#   ./scripts/main.sh                                  # list categories and scripts
#   ./scripts/main.sh data-entry manage                # the interactive data-entry manager
#   ./scripts/main.sh data-entry add-application --company Acme --title "Data Engineer" \
#       --source linkedin --applied-on 2026-11-02
#   ./scripts/main.sh etl run
#   ./scripts/main.sh testing test
#
# Every script runs the same Python entry point as its make target; options after the script
# name go to it unchanged (add --help to see them). With RUNTIME=docker (or by default when
# Docker answers and .env configures compose, like make) it runs in `docker compose run`.
set -euo pipefail

# Relative file arguments (import FILE, --output FILE) are resolved from where you ran this.
export HIREWIRE_CWD="${HIREWIRE_CWD:-$PWD}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# category|script|command|description (the command runs with the script's arguments appended)
CATALOG='data-entry|manage|python -m hirewire.entry manage|interactive manager: applications, interviews, outcomes, statuses, search
data-entry|add-company|python -m hirewire.entry add-company|add a company (--name ...)
data-entry|add-position|python -m hirewire.entry add-position|add a position (--company --title ...)
data-entry|add-application|python -m hirewire.entry add-application|add an application (--company --title --source --applied-on)
data-entry|add-interview|python -m hirewire.entry add-interview|log an interview (--application --at --type)
data-entry|record-outcome|python -m hirewire.entry record-outcome|record an outcome (--application --outcome --on)
data-entry|set-status|python -m hirewire.entry set-status|change a status, optionally at a past date (--application --status --on)
data-entry|edit-application|python -m hirewire.entry edit-application|change any field of an application (--application --company --applied-on --status-on ...)
data-entry|edit-interview|python -m hirewire.entry edit-interview|change any field of an interview (--interview --at --type --rating ...)
data-entry|edit-outcome|python -m hirewire.entry edit-outcome|change any field of an outcome (--outcome --type --on ...)
data-entry|delete-application|python -m hirewire.entry delete-application|delete an application with its interviews, outcome, history (--application --yes)
data-entry|delete-interview|python -m hirewire.entry delete-interview|delete an interview (--interview --yes)
data-entry|delete-outcome|python -m hirewire.entry delete-outcome|delete an outcome and the status it gave (--outcome --yes)
data-entry|undo-status|python -m hirewire.entry undo-status|undo the last status change of an application (--application --yes)
data-entry|list|python -m hirewire.entry list|list and search applications (--status --source --open --format table|csv|json)
data-entry|show|python -m hirewire.entry show|one application and its timeline (ID)
data-entry|import|python -m hirewire.entry import|import applications from a CSV file (FILE --dry-run)
etl|run|python -m etl run|load Postgres into the DuckDB warehouse
etl|follow-ups|python -m hirewire.followups follow-ups|open applications silent for too long, with the next step
etl|detect-ghosted|python -m hirewire.followups detect-ghosted|applications the marts count as ghosted (--apply records it)
etl|update-interviews|python -m hirewire.followups update-interviews|mark past scheduled interviews completed (--apply)
export|work-search|python -m hirewire.exports work-search|job-search activity log for France Travail / US work search (--from --to --lang)
export|applications|python -m hirewire.exports applications|every application as CSV
setup|install|make setup|create .venv with the pinned packages and the DuckDB extension
setup|db-up|python -m hirewire.db up|start the embedded PostgreSQL (unless PG* is configured)
setup|db-status|python -m hirewire.db status|say which PostgreSQL is used and whether it answers
setup|migrate|python -m hirewire.migrate|apply pending migrations
setup|sample-remove|python -m hirewire.sample --remove|remove the sample job search (your own rows stay)
testing|test|python -m etl check|check the published warehouse against the source
dashboards|superset|make superset|Apache Superset with the HireWire dashboards on 127.0.0.1:8088
dashboards|superset-stop|make superset-stop|stop the Superset server'

usage() {
    echo "usage: ./scripts/main.sh <category> <script> [options]   (options: <script> --help)"
    local category="" current
    while IFS='|' read -r current script _command description; do
        if [ "$current" != "$category" ]; then
            category=$current
            printf '\n%s\n' "$category"
        fi
        printf '  %-18s %s\n' "$script" "$description"
    done <<<"$CATALOG"
}

if [ $# -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ] || [ "$1" = "help" ]; then
    usage
    exit 0
fi

category=$1
script=${2:-}
command=""
known_category=0
while IFS='|' read -r current name line _description; do
    if [ "$current" = "$category" ]; then
        known_category=1
        if [ "$name" = "$script" ]; then
            command=$line
        fi
    fi
done <<<"$CATALOG"

if [ "$known_category" -eq 0 ]; then
    echo "error: unknown category '$category'; choose one of the categories below." >&2
    usage >&2
    exit 2
fi
if [ -z "$command" ]; then
    if [ -z "$script" ]; then
        echo "error: '$category' needs a script name; choose one below." >&2
    else
        echo "error: unknown script '$script' in '$category'; choose one below." >&2
    fi
    usage >&2
    exit 2
fi
shift 2

# Where it runs: RUNTIME=local|docker, else what scripts/runtime.sh decides (as make does).
runtime=${RUNTIME:-$(scripts/runtime.sh | cut -f 1)}
if [ "$runtime" != local ] && [ "$runtime" != docker ]; then
    echo "error: RUNTIME=$runtime is not valid: use RUNTIME=local or RUNTIME=docker" >&2
    exit 2
fi
if [ "$runtime" = docker ]; then
    compose=${COMPOSE:-docker compose}
    if ! $compose version >/dev/null 2>&1; then
        echo "error: RUNTIME=docker needs Docker Compose v2 ($compose) and a running engine: see docs/dashboards.md, or RUNTIME=local" >&2
        exit 1
    fi
    read -r -a argv <<<"$command"
    # The service holding the right role: the ETL writes the warehouse, migrations need the
    # admin, everything else (data entry, exports, follow-ups, checks) runs in `cli`.
    case "$category/$script" in
        etl/run) service=duckdb_etl ;;
        setup/migrate) service=migrate ;;
        setup/install) exec $compose build ;;
        setup/db-up) exec $compose up --detach --wait postgres ;;
        setup/db-status) exec $compose ps postgres ;;
        *) service=cli ;;
    esac
    flags=(--rm)
    [ -t 0 ] || flags+=(-T)
    if [ "$service" = cli ]; then
        # File arguments are resolved from your directory, mounted at /work.
        flags+=(--volume "$HIREWIRE_CWD:/work" --env HIREWIRE_CWD=/work)
    fi
    if [ "${argv[-1]}" = "$script" ]; then
        flags+=(--env "HIREWIRE_PROG=./scripts/main.sh $category")
    fi
    # shellcheck disable=SC2086  # COMPOSE may hold several words (docker compose)
    exec $compose run "${flags[@]}" "$service" "${argv[@]}" "$@"
fi

if [ ! -x .venv/bin/python ]; then
    echo "First run: creating .venv (make setup) ..." >&2
    make --no-print-directory setup >/dev/null
fi

read -r -a argv <<<"$command"
if [ "${argv[0]}" = "python" ]; then
    argv[0]=.venv/bin/python
fi
# Usage lines then show the command as typed here (where its subcommand has the same name).
if [ "${argv[-1]}" = "$script" ]; then
    export HIREWIRE_PROG="./scripts/main.sh $category"
fi
exec "${argv[@]}" "$@"
