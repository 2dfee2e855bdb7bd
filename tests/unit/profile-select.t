#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The profile core's selection logic, in userspace under ASan/UBSan.
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/build/unit/profile_select_test"
