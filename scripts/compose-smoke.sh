#!/usr/bin/env bash
# Needs Docker with Compose v2 (`docker compose`), python3 (standard library) and curl.
# The container path end to end, on a throwaway compose project (hirewire-smoke: its own
# volumes, passwords and ports; removed at the end, whatever happens):
#   build both images; the pipeline in containers through the design's own commands; Metabase
#   provisioned twice (no duplicates) and every card run through its API (completed, rows > 0);
#   more data through data entry, `make refresh`, and the cards change once Metabase restarted
#   by itself; the warehouse mount read-only for Metabase; no container process runs as root;
#   every published port on 127.0.0.1 only; the data volume owned by uid 1000.
#
#   scripts/compose-smoke.sh                     (about 5-10 minutes, most of it image builds)
#   SMOKE_PIN_ON_FIRST_USE=1 scripts/compose-smoke.sh
#       when docker/metabase/SHA256SUMS has no line yet, pin what is downloaded now
#       (docker/metabase/pin.sh; trust on first use, said loudly) instead of failing the build
#   SMOKE_KEEP=1 ...                             leave the project running to look around
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step() { printf '\n== [%3d s] %s\n' $((SECONDS - started)) "$*"; }
fail() {
    echo "smoke: FAILED: $*" >&2
    exit 1
}

docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"
docker compose version >/dev/null 2>&1 || fail "Compose v2 is missing (docker compose version)"

project=hirewire-smoke
work=$(mktemp -d)
metabase_port=${SMOKE_METABASE_PORT:-3399}
postgres_port=${SMOKE_POSTGRES_PORT:-5499}
secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(18))'; }
cat >"$work/env" <<EOF
COMPOSE_PROJECT_NAME=$project
POSTGRES_PASSWORD=$(secret)
HIREWIRE_APP_PASSWORD=$(secret)
HIREWIRE_ETL_PASSWORD=$(secret)
METABASE_PORT=$metabase_port
POSTGRES_HOST_PORT=$postgres_port
EOF
chmod 600 "$work/env"
dc="docker compose --project-name $project --env-file $work/env"
export METABASE_URL="http://127.0.0.1:$metabase_port"
export METABASE_ADMIN_EMAIL=smoke@hirewire.invalid
METABASE_ADMIN_PASSWORD="Smoke-$(secret)"
export METABASE_ADMIN_PASSWORD
# The make targets and main.sh run against the same project.
export RUNTIME=docker COMPOSE="$dc"

cleanup() {
    status=$?
    if [ "$status" -ne 0 ]; then
        $dc logs --no-color --tail 80 metabase dbt postgres >&2 || true
    fi
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
        echo "smoke: kept project $project (env file $work/env); remove with: $dc down --volumes"
    else
        $dc --profile init --profile etl --profile cli --profile report down --volumes \
            --remove-orphans >/dev/null 2>&1 || true
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT

if ! grep -Eq '^[0-9a-f]{64}  metabase-' docker/metabase/SHA256SUMS; then
    [ "${SMOKE_PIN_ON_FIRST_USE:-0}" = 1 ] ||
        fail "docker/metabase/SHA256SUMS pins nothing yet: run docker/metabase/pin.sh (or SMOKE_PIN_ON_FIRST_USE=1)"
    step "WARNING: pinning the Metabase downloads on first use (not checked against a published value)"
    docker/metabase/pin.sh
fi

step "build the images (app, metabase: downloads verified against docker/metabase/SHA256SUMS)"
$dc build

step "start postgres, dbt, metabase"
$dc up --detach --wait postgres dbt metabase

step "migrations and a small sample (admin role, migrate service)"
$dc run --rm -T migrate
$dc run --rm -T migrate python -m hirewire.sample --seed 42 --applications 60 --candidates 1

step "design: docker compose --profile init up duckdb_init"
$dc --profile init up --exit-code-from duckdb_init duckdb_init

step "design: docker compose run --rm duckdb_etl python3 /scripts/etl/etl_postgres_to_duckdb.py"
$dc run --rm -T duckdb_etl python3 /scripts/etl/etl_postgres_to_duckdb.py

step "design: docker compose exec dbt sh -c \"cd /usr/app && dbt run\" (atomic publish)"
$dc exec -T dbt sh -c "cd /usr/app && dbt run"

step "design: ./scripts/main.sh testing test (in the cli container); the report container"
./scripts/main.sh testing test
# Not `make report`: that would replace your own data/report.html.
$dc run --rm -T report >"$work/report.html"
grep -qi "<html" "$work/report.html" || fail "the report container wrote no page"

step "provision Metabase twice; every card through its API"
python3 -m hirewire.metabase setup --wait 300
python3 -m hirewire.metabase setup --wait 60
python3 -m hirewire.metabase check --wait 60 | tee "$work/before"

step "more data (./scripts/main.sh data-entry, as hirewire_app), make refresh; the cards change"
for number in 1 2 3; do
    ./scripts/main.sh data-entry add-application --company "Smoke Co $number" \
        --title "Data Engineer" --source linkedin --applied-on "$(date -u +%F)"
done
make --no-print-directory refresh
deadline=$((SECONDS + 420))
while true; do
    if python3 -m hirewire.metabase check --wait 120 >"$work/after" 2>"$work/after.err" &&
        ! diff -q <(grep '^card' "$work/before" | grep "Funnel") \
            <(grep '^card' "$work/after" | grep "Funnel") >/dev/null; then
        break
    fi
    [ $SECONDS -lt $deadline ] || {
        cat "$work/after" "$work/after.err" >&2
        fail "Metabase still shows the old funnel after the refresh"
    }
    sleep 10
done
cat "$work/after"
changed=$(diff <(grep '^card' "$work/before") <(grep '^card' "$work/after") | grep -c '^>' || true)
echo "cards whose rows changed: $changed of $(grep -c '^card' "$work/after")"
$dc logs --no-color metabase | grep -q "warehouse was republished" ||
    fail "the metabase container did not log its restart"

step "the warehouse mount is read-only for Metabase; its temp directory is writable"
if $dc exec -T metabase sh -c 'touch /duckdb-data/smoke' 2>/dev/null; then
    fail "Metabase could write to /duckdb-data"
fi
$dc exec -T metabase sh -c 'mkdir -p /tmp/hirewire-duckdb && test -w /tmp/hirewire-duckdb'

step "no process runs as root; the data volume belongs to uid 1000"
for service in dbt metabase; do
    uid=$($dc exec -T "$service" id -u)
    [ "$uid" != 0 ] || fail "$service runs as root"
    echo "$service: uid $uid"
done
owner=$($dc exec -T postgres sh -c 'stat -c %U /proc/1')
[ "$owner" = postgres ] || fail "the postgres server runs as $owner"
echo "postgres: server process owned by $owner"
for image in hirewire-app:local hirewire-metabase:local; do
    user=$(docker image inspect --format '{{.Config.User}}' "$image")
    [ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] || fail "$image runs as root"
done
volume_owner=$($dc exec -T dbt stat -c %u:%g /data)
[ "$volume_owner" = 1000:1000 ] || fail "/data is owned by $volume_owner"

step "every published port listens on 127.0.0.1 only"
ports=$(docker ps --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Ports}}')
echo "$ports"
if echo "$ports" | grep -E '(0\.0\.0\.0|\[?::\]?):[0-9]+->' >/dev/null; then
    fail "a port is published on every interface"
fi
echo "$ports" | grep -q "127.0.0.1:$metabase_port->3000/tcp" || fail "Metabase is not on 127.0.0.1"
echo "$ports" | grep -q "127.0.0.1:$postgres_port->5432/tcp" || fail "Postgres is not on 127.0.0.1"

step "passed in $((SECONDS - started)) s"
