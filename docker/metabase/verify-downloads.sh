#!/bin/sh
# Check downloaded files against docker/metabase/SHA256SUMS before the image uses them.
#   verify-downloads.sh SUMS FILE NAME [FILE NAME ...]
# NAME is the versioned name the SUMS line carries (metabase-0.63.10.jar). Every file is
# checked and every problem named; any problem fails the build.
set -eu
sums=$1
shift
status=0
while [ $# -ge 2 ]; do
    file=$1
    name=$2
    shift 2
    want=$(awk -v name="$name" '$1 !~ /^#/ && $2 == name { print $1 }' "$sums")
    if ! printf '%s\n' "$want" | grep -Eq '^[0-9a-f]{64}$'; then
        echo "error: docker/metabase/SHA256SUMS has no SHA-256 for $name: run docker/metabase/pin.sh, compare the value with a trusted one, commit it, build again" >&2
        status=1
        continue
    fi
    got=$(sha256sum "$file" | cut -d ' ' -f 1)
    if [ "$got" != "$want" ]; then
        echo "error: $name has SHA-256 $got but docker/metabase/SHA256SUMS pins $want: this is not the pinned release; nothing was installed" >&2
        status=1
    else
        echo "verified $name (sha256 $got)"
    fi
done
exit "$status"
