# SPDX-License-Identifier: GPL-2.0-only
# TAP output for the build scripts of the tiers that build their own kernel
# (tests/debug-kernel/10-build.t, tests/newest-kernel/10-build.t); sourced,
# bash.  The caller sets n=0 first.

tap() { # tap OK? DESCRIPTION [DIAG FILE]
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[[ -n ${3:-} ]] && sed 's/^/#   /' "$3" | tail -n 40
	fi
}
