# SPDX-License-Identifier: GPL-2.0-only
# Shared by the tiers that build the modules against their own kernel
# (tests/debug-kernel/, tests/newest-kernel/); sourced, bash.

# module_copy DIR PATH...: a fresh copy in DIR of PATH... (relative to the
# top folder, $top) without any build output, so that the tree's own stock
# build is never mixed with another kernel's.
module_copy() {
	local dir=$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$top" && tar -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order \
		--exclude=Module.symvers --exclude='*.a' "$@") | tar -x -C "$dir"
}
