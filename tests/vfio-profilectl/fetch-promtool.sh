#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# promtool, Prometheus's own checker of the exposition format, for the
# textfile test of "vfio-profilectl check" (55-check.t).  It comes from
# Debian's prometheus package of the host's suite, downloaded with
# apt-get download and extracted into the cache, never installed: the
# package would bring a server and its service.  promtool is one static
# program.
#
#   fetch-promtool.sh      prints the path of promtool; progress on stderr
#
# A warm cache does no network work.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}

say() { echo "fetch-promtool: $*" >&2; }
. "$top/scripts/apt-lib.sh"

candidate() { apt-cache policy prometheus 2>/dev/null | sed -n 's/^ *Candidate: \([0-9].*\)/\1/p'; }
ver=$(candidate)
if [[ -z $ver ]]; then
	# The host's lists may be stale or empty (a fresh machine): refresh them.
	[[ $(id -u) == 0 ]] && apt_update
	ver=$(candidate)
fi
[[ -n $ver ]] || { say "error: no prometheus package in the host's apt sources"; exit 1; }

dir=$cache/promtool-$ver
if [[ ! -x $dir/promtool ]]; then
	tmp=$(mktemp -d "$cache/.promtool.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	say "downloading prometheus=$ver (for promtool)"
	(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "prometheus=$ver" >&2) ||
		{ say "error: cannot download prometheus=$ver"; exit 1; }
	dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -xO ./usr/bin/promtool > "$tmp/promtool"
	chmod 0755 "$tmp/promtool"
	"$tmp/promtool" --version > /dev/null 2>&1 || { say "error: the extracted promtool does not run"; exit 1; }
	mkdir -p "$dir"
	mv "$tmp/promtool" "$dir/promtool"
fi
echo "$dir/promtool"
