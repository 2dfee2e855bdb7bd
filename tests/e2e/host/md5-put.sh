#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner e2e test's upload sink on the L0 host (owner.t): run by L0's
# QEMU for each connection to the guestfwd 10.0.2.101:9 of a VF's user
# netdev (cmd:), with stdin, stdout and stderr on that connection.  Reads
# exactly 1 MiB (less if the guest closes first), answers with its md5 and
# closes; logs "put md5=... bytes=..." to $E2E_OWNER_DIR/host.log.
dir=${E2E_OWNER_DIR:?}
exec 2>> "$dir/host.log"
tmp=$(mktemp "$dir/put.XXXXXX")
head -c 1048576 > "$tmp"
bytes=$(stat -c %s "$tmp")
sum=$(md5sum < "$tmp" | cut -d' ' -f1)
rm -f "$tmp"
echo "$sum"
echo "$(date +%T.%N) put md5=$sum bytes=$bytes" >&2
