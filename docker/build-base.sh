#!/usr/bin/env bash
# builds organic-os/base:local, the only base of the lab's images, without pulling anything:
# debootstrap a minimal debian into a folder from the mirror this machine's apt already uses,
# then `docker import` it. the tag carries a hash of the inputs (this script, suite, variant,
# packages); when that tag exists nothing is built. bounded: debootstrap and import time out.
set -euo pipefail

SUITE=bookworm
VARIANT=minbase
# tini: a pid 1 that forwards signals and reaps; libc6 and libstdc++6 (node's needs) come with minbase
PACKAGES=tini
REPO=organic-os/base
BUILD_TIMEOUT_S=${OLA_BASE_TIMEOUT_S:-900}

here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
hash=$( { cat "$here/build-base.sh"; echo "$SUITE $VARIANT $PACKAGES $(dpkg --print-architecture 2>/dev/null || uname -m)"; } | sha256sum | cut -c1-16)
tag="$REPO:$hash"

die() { echo "build-base: $*" >&2; exit 1; }
command -v docker >/dev/null 2>&1 || die "docker is not installed (Debian package docker.io)"
timeout 10 docker info >/dev/null 2>&1 || die "the docker engine does not answer (run docker/start-dockerd.sh)"

if docker image inspect "$tag" >/dev/null 2>&1; then
  docker tag "$tag" "$REPO:local"
  echo "build-base: $tag present, tagged $REPO:local"
  exit 0
fi

command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed (Debian package debootstrap)"
[ "$(id -u)" -eq 0 ] || die "debootstrap needs root"

# the mirror this machine already uses, read at run time (no host name is kept in the repo)
mirror_from_apt() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # the first URIs of a stanza that lists this suite (not the -security or -updates ones)
    uri=$(awk -v s="$SUITE" '
      function flush() { if (u != "" && has && deb) { print u; found = 1; exit } u = ""; has = 0; deb = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) has = 1 }
      /^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      END { if (!found) flush() }' "$f" | head -n1)
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk -v s="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == s) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  return 1
}
mirror=${OLA_BASE_MIRROR:-$(mirror_from_apt)} || die "no debian mirror for $SUITE found in /etc/apt/sources.list{,.d/} (or set OLA_BASE_MIRROR)"

work=$(mktemp -d /tmp/organic-os-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/root"
echo "build-base: debootstrap --variant=$VARIANT $SUITE from $mirror (a few minutes the first time)"
if ! timeout "$BUILD_TIMEOUT_S" debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 20 "$work/debootstrap.log" >&2
  [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 20 "$root/debootstrap/debootstrap.log" >&2
  die "debootstrap failed (log above)"
fi
# nothing of the build host's apt state or caches goes into the image
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/* "$root"/var/log/*.log
# the lab never needs the package manager's mirror inside the image
: >"$root/etc/apt/sources.list"

timeout 300 tar --numeric-owner -C "$root" -c . |
  timeout 300 docker import --change 'LABEL organic-os=1' --change "LABEL organic-os.base=$hash" - "$tag" >/dev/null
docker tag "$tag" "$REPO:local"
echo "build-base: built $tag, tagged $REPO:local"
