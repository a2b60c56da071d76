#!/usr/bin/env bash
# Which runtime the pipeline uses when RUNTIME is not set: prints `docker` or `local`, a tab,
# then why (one line). The Makefile and ./scripts/main.sh both ask here, so they agree.
#
#   docker  when a Docker engine and Compose v2 answer AND the compose passwords are configured
#           (in the environment or in the env file: HIREWIRE_ENV_FILE, default .env)
#   local   otherwise: a machine with Docker but no .env still runs the Quick start locally
#
# Only names are checked, never printed values: a password never reaches the output.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

COMPOSE=${COMPOSE:-docker compose}
ENV_FILE=${HIREWIRE_ENV_FILE:-.env}
# Everything compose.yml requires (`${NAME:?...}`); .env.example lists them.
REQUIRED=(POSTGRES_PASSWORD HIREWIRE_APP_PASSWORD HIREWIRE_ETL_PASSWORD)

configured() {
    local name=$1
    [ -n "${!name:-}" ] && return 0
    [ -f "$ENV_FILE" ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?${name}=[\"']?[^\"'[:space:]]" "$ENV_FILE"
}

if ! timeout 10 docker info >/dev/null 2>&1 || ! $COMPOSE version >/dev/null 2>&1; then
    printf 'local\tno Docker engine with Compose v2; RUNTIME=local|docker overrides\n'
    exit 0
fi
missing=()
for name in "${REQUIRED[@]}"; do
    configured "$name" || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
    printf 'local\tDocker answered, but %s is not set: to run in containers, cp .env.example %s, set the passwords, then make all (or RUNTIME=docker)\n' \
        "${missing[*]}" "$ENV_FILE"
    exit 0
fi
printf 'docker\tDocker answered and %s configures compose; RUNTIME=local overrides\n' "$ENV_FILE"
