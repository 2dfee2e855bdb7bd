# SPDX-License-Identifier: GPL-2.0-only
# Shared by the tiers that build their own test kernel from source
# (tests/debug-kernel/, tests/newest-kernel/); sourced, bash.  Each tier's
# build-kernel.sh chooses the source and the config fragment; these are the
# steps they share.

# kimage_fragment_diff CONFIG FRAGMENT: print every line of FRAGMENT that
# CONFIG does not hold ("wanted CONFIG_X=y", "wanted CONFIG_X off"); returns
# 1 when there is one.
kimage_fragment_diff() {
	local config=$1 fragment=$2 line bad=0
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			grep -qxF "$line" "$config" ||
				{ echo "wanted $line, got '$(grep -E "^(# )?${BASH_REMATCH[1]}[= ]" "$config" || echo unset)'"; bad=1; }
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			! grep -qE "^${BASH_REMATCH[1]}=" "$config" ||
				{ echo "wanted ${BASH_REMATCH[1]} off, got '$(grep -E "^${BASH_REMATCH[1]}=" "$config")'"; bad=1; }
		fi
	done < "$fragment"
	return $bad
}

# kimage_configure SRC BUILD FRAGMENT: x86_64 defconfig + kvm_guest.config +
# FRAGMENT in the O= tree BUILD, then olddefconfig; fails when the result
# does not hold every line of FRAGMENT.  Make's output goes to stderr.
kimage_configure() {
	local src=$1 build=$2 fragment=$3
	make -C "$src" O="$build" -s x86_64_defconfig >&2 || return 1
	(cd "$build" && "$src/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" \
		"$src/kernel/configs/kvm_guest.config" "$fragment" >&2) || return 1
	make -C "$src" O="$build" -s olddefconfig >&2 || return 1
	kimage_fragment_diff "$build/.config" "$fragment" >&2
}

# kimage_build SRC BUILD IMAGE JOBS: build the kernel and its modules, then
# install them into IMAGE (boot/vmlinuz-<kver>, boot/config-<kver>,
# lib/modules/<kver>/ with modules.dep) and the sanitized uapi headers into
# BUILD/usr/include (for the guest programs; headers_install would need
# rsync).  Prints the kernel release.  Every step checks its status: callers
# run it in a command substitution, where set -e does not reach.
kimage_build() {
	local src=$1 build=$2 image=$3 jobs=$4 kver
	make -C "$src" O="$build" -j"$jobs" bzImage modules >&2 || return 1
	kver=$(cat "$build/include/config/kernel.release") || return 1
	make -C "$src" O="$build" -j"$jobs" headers >&2 || return 1
	make -C "$src" O="$build" -s INSTALL_MOD_PATH="$image" modules_install >&2 || return 1
	mkdir -p "$image/boot" &&
	cp "$build/arch/x86/boot/bzImage" "$image/boot/vmlinuz-$kver" &&
	cp "$build/.config" "$image/boot/config-$kver" &&
	rm -f "$image/lib/modules/$kver/build" "$image/lib/modules/$kver/source" &&
	depmod -b "$image" "$kver" || return 1
	echo "$kver"
}

# kimage_prune SRC BUILD: prune the O= tree to what external module builds
# need (the config and generated headers, the host programs under scripts/
# and tools/objtool, Module.symvers, the uapi headers) and point its source
# link at SRC.
kimage_prune() {
	local src=$1 build=$2
	find "$build" -path "$build/scripts" -prune -o -path "$build/tools" -prune -o \
		\( -name '*.o' -o -name '*.a' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod.c' \
		   -o -name '*.mod' -o -name '.tmp_*' \) -print0 | xargs -0 rm -rf
	rm -rf "$build/vmlinux" "$build/arch/x86/boot/compressed/vmlinux"* \
		"$build/arch/x86/boot/bzImage" "$build/arch/x86/boot/"*.bin "$build/source" \
		"$build/.tmp_vmlinux"* "$build/vmlinux.unstripped"
	ln -s "$src" "$build/source"
}
