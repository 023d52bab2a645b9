#!/usr/bin/env bash
# Fetches Debian trixie's nats-server package (2.10) and unpacks it into .data/nats-2.10/ for
# `npm run bench:publish-durability`, installing nothing: Debian 12 ships 2.9, which has no sync_interval.
# The mirror is taken from this machine's own Debian sources, so it works wherever apt does.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=/etc/apt/sources.list.d/debian.sources
if [ ! -f "$src" ]; then
  echo "needs Debian's deb822 sources in $src" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/sources"
# The first stanza of the main archive (not security), with its suite switched to trixie.
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/security/ && /Suites:/ { sub(/Suites:[^\n]*/, "Suites: trixie"); print; exit }' \
  "$src" >"$tmp/sources/trixie.sources"
apt_opts=(
  -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$tmp/sources"
  -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o APT::Sandbox::User=root
)
apt-get "${apt_opts[@]}" -qq update
(cd "$tmp" && apt-get "${apt_opts[@]}" -qq download nats-server)
rm -rf .data/nats-2.10
mkdir -p .data/nats-2.10
dpkg -x "$tmp"/nats-server_*.deb .data/nats-2.10
.data/nats-2.10/usr/sbin/nats-server --version
