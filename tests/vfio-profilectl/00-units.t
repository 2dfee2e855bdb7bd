#!/bin/bash
# Unit tests of the pure parsers and message helpers (C, TAP).
. "$(dirname "$0")/lib.sh"
[ -x "$BUILD/test-units" ] || { echo "Bail out! $BUILD/test-units missing: run make -C tools/vfio-profilectl check-build"; exit 255; }
"$BUILD/test-units"   # not exec: the EXIT trap removes the temp dir
