#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner e2e test's download server on the L0 host (owner.t): run by
# L0's QEMU for each connection to the guestfwd 10.0.2.100:80 of a VF's user
# netdev (cmd:), with stdin, stdout and stderr on that connection.  Answers
# "GET /owner.bin" with one HTTP/1.0 response whose body is
# $E2E_OWNER_DIR/owner.bin (the random file owner.t made), anything else
# with 404.  Logs to $E2E_OWNER_DIR/host.log (never to stderr: that is the
# guest's connection).
dir=${E2E_OWNER_DIR:?}
exec 2>> "$dir/host.log"
req=
while IFS= read -r -t 120 line; do
	line=${line%$'\r'}
	[[ -z $line ]] && break
	[[ -n $req ]] || req=$line
done
if [[ $req == "GET /owner.bin HTTP/1."[01] ]]; then
	size=$(stat -c %s "$dir/owner.bin")
	echo "$(date +%T.%N) get: '$req': serving $size bytes" >&2
	printf 'HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' "$size"
	cat "$dir/owner.bin"
	echo "$(date +%T.%N) get: sent (cat exit $?)" >&2
else
	echo "$(date +%T.%N) get: '$req': 404" >&2
	printf 'HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
fi
