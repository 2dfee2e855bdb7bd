#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The transitional profile's pure logic, in userspace under ASan/UBSan.
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/build/unit/legacy_test"
