#!/usr/bin/env bash
# Pin the metabase image's two downloads: fetch the versions the Dockerfile names, print their
# SHA-256 and write them into docker/metabase/SHA256SUMS. Needs curl and network access.
#
#   docker/metabase/pin.sh            write the lines for files that have none yet
#   docker/metabase/pin.sh --force    replace existing lines too (after a version bump)
#
# Trust on first use: this proves the build gets the same bytes every time, not that the
# bytes are genuine. Compare the printed values with a source you trust before committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

force=0
[ "${1:-}" = "--force" ] && force=1
# The overrides exist for trying this script against a local mirror.
sums=${PIN_SHA256SUMS:-docker/metabase/SHA256SUMS}
arg() { sed -n "s/^ARG $1=//p" Dockerfile | head -n 1; }
metabase_version=$(arg METABASE_VERSION)
driver_version=$(arg DUCKDB_DRIVER_VERSION)
driver_releases=${PIN_DRIVER_RELEASES:-$(arg DRIVER_RELEASES)}
metabase_downloads=${PIN_METABASE_DOWNLOADS:-https://downloads.metabase.com}
[ -n "$metabase_version" ] && [ -n "$driver_version" ] && [ -n "$driver_releases" ] || {
    echo "error: Dockerfile has no ARG METABASE_VERSION / DUCKDB_DRIVER_VERSION / DRIVER_RELEASES line" >&2
    exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pin() {
    local name=$1 url=$2
    if [ "$force" -eq 0 ] && awk -v n="$name" '$2 == n && $1 ~ /^[0-9a-f]+$/ { found = 1 } END { exit !found }' "$sums"; then
        echo "kept   $name (already pinned; --force replaces it)"
        return
    fi
    echo "fetch  $url"
    curl --fail --location --silent --show-error --output "$tmp/file" "$url" || {
        echo "error: could not download $url: pin.sh needs network access; $sums is unchanged" >&2
        exit 1
    }
    local sha
    sha=$(sha256sum "$tmp/file" | cut -d ' ' -f 1)
    awk -v n="$name" '!($2 == n && $1 !~ /^#/)' "$sums" >"$tmp/sums"
    printf '%s  %s\n' "$sha" "$name" >>"$tmp/sums"
    cp "$tmp/sums" "$sums"
    echo "pinned $name sha256 $sha"
}
pin "metabase-$metabase_version.jar" "$metabase_downloads/v$metabase_version/metabase.jar"
pin "duckdb.metabase-driver-$driver_version.jar" "$driver_releases/$driver_version/duckdb.metabase-driver.jar"
echo "Compare these values with a trusted source, then commit $sums."
