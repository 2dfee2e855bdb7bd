#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM suite of tests/vm/stock.t (every guest test, the transitional suite
# with the simulated owner among them, and the host's checks) on the newest
# kernel, then its kernel log scanned.  The guest tests expect the same
# answers as on 6.12: the same region info, config view and errors.
set -u
. "$(dirname "$0")/lib.sh"
newest_suite stock tests/vm/stock.t
