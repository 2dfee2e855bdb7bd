# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-profile: selectable device profiles for VFIO variant drivers.
#
#   make               modules and userspace tools
#   make modules       kernel modules, against the pinned Debian 6.12 headers
#                      (the test VM's kernel), or KDIR=/lib/modules/$(uname -r)/build
#   make check         every test: unit tests, build checks, the VM suite
#   make demo          boot a VM and show the sysfs ABI live
#   make bench         benchmarks (ratios measured side by side)
#   make check-debug   the VM suite on a debug kernel (KASAN, lockdep, kmemleak,
#                      KUnit, iommufd cdev, no-IOMMU); builds it once, cached
#   make check-e2e     only the nested-guest end-to-end test (also in make check)
#   make setup         install build dependencies and build every cached
#                      artefact: the test kernel, the debug kernel, the
#                      real-owner QEMU (tests/qemu/), the build matrix's
#                      kernel trees (tests/build/prepare-tree.sh) and the
#                      newest kernel (tests/newest-kernel/); the nested test's
#                      libvirt download (tests/e2e/fetch-libvirt.sh)
#   make check-newest  the VM suite and the real-owner tier on Debian's newest
#                      kernel series (7.3 today), built from source once, cached
#   make check-newest-e2e  the real-owner nested e2e test on that kernel
#   make check-owner   only the real-owner tier: SR-IOV VFs of a PF with the
#                      virtio admin queue (also in make check)
#   make install       modules (updates/, then depmod), vfio-profilectl, its man
#                      page and completion, udev rules, systemd unit; DESTDIR,
#                      PREFIX, KDIR as for make modules (make uninstall undoes it)
#   make install-dkms  the DKMS source tree, $(PREFIX)/src/vfio-profile-<version>
#   make check-packaging  make install, the DKMS build and the Debian packages
#   make patches       the upstream patch series with its cover letter, against
#                      Debian's linux-source-6.12, in build/patches/
#   make check-patches the series applies, builds after every patch (W=1, sparse)
#                      and is checkpatch --strict clean

TOP := $(CURDIR)
BUILD := $(TOP)/build
SETUP_MK := $(BUILD)/setup.mk

# Tests build the test-only sample driver too; release builds never do.
VFIO_PROFILE_TESTS ?=

.PHONY: all modules test-modules tools setup check demo bench clean help

all: modules tools

help:
	@sed -n '3,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# The set-up script is cheap when everything is cached; run it whenever the
# pinned kernel changes or the build folder is new.
$(SETUP_MK): scripts/setup.sh scripts/apt-lib.sh scripts/kernel-version
	@mkdir -p $(BUILD)
	bash scripts/setup.sh > $@.tmp
	mv $@.tmp $@

setup:
	@rm -f $(SETUP_MK) $(QEMU_MK)
	@$(MAKE) --no-print-directory $(SETUP_MK) $(QEMU_MK)
	@$(MAKE) --no-print-directory debug-kernel
	@$(MAKE) --no-print-directory build-trees
	@$(MAKE) --no-print-directory newest-kernel
	@bash tests/e2e/fetch-libvirt.sh > /dev/null

# The build matrix's trees (tests/build/matrix.t): Debian's newest
# linux-source of unstable and trixie-backports, prepared once and cached
# (make check prepares what is missing by itself).
.PHONY: build-trees
build-trees: $(SETUP_MK)
	@for s in $$(bash tests/build/prepare-tree.sh --list | awk '$$1 != "6.12" { print $$1 }'); do \
		bash tests/build/prepare-tree.sh $$s > /dev/null || exit 1; done
	@bash tests/build/prepare-tree.sh --sparse > /dev/null

# The real-owner testbed: Debian's QEMU source with tests/qemu/patches/
# (the virtio admin queue on an SR-IOV virtio-net PF), built once and cached
# by version and a hash of the patches.
QEMU_MK := $(BUILD)/qemu.mk
$(QEMU_MK): tests/qemu/build-qemu.sh scripts/apt-lib.sh $(wildcard tests/qemu/patches/*.patch)
	@mkdir -p $(BUILD)
	bash tests/qemu/build-qemu.sh > $@.tmp
	mv $@.tmp $@
.PHONY: qemu
qemu: $(QEMU_MK)

# A release build (no simulator, no test module) of the DKMS source set, in
# a copy so that the test build's objects stay: the real-owner tier runs it.
# cp -u keeps unchanged sources' times, so kbuild rebuilds only what changed.
RELEASE_DIR := $(BUILD)/release
.PHONY: release-modules
release-modules: $(SETUP_MK)
	@mkdir -p $(RELEASE_DIR)
	cd $(TOP) && cp -u --parents $(DKMS_SRCS) $(RELEASE_DIR)/
	$(MAKE) -C $$(sed -n 's/^KDIR=//p' $(SETUP_MK)) M=$(RELEASE_DIR) \
		VFIO_PROFILE_TESTS= VFIO_PROFILE_KUNIT= modules

ifeq ($(KDIR),)
modules test-modules: $(SETUP_MK)
	$(MAKE) -C $$(sed -n 's/^KDIR=//p' $(SETUP_MK)) M=$(TOP) \
		VFIO_PROFILE_TESTS=$(VFIO_PROFILE_TESTS) modules
else
modules test-modules:
	$(MAKE) -C $(KDIR) M=$(TOP) VFIO_PROFILE_TESTS=$(VFIO_PROFILE_TESTS) modules
endif
test-modules: VFIO_PROFILE_TESTS=1

tools:
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl all; fi

# Static programs that run inside the test VM.
GUEST_PROGS := vfio-client sysfs-write uevent-listen bind-bench
GUEST_BINS := $(addprefix $(BUILD)/guest/,$(GUEST_PROGS))
GUEST_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror
$(BUILD)/guest/%: tests/vm/guest/%.c tests/vm/guest/errname.h
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -o $@ $<
$(BUILD)/guest/vfio-client: tests/vm/guest/vfio-client.c tests/vm/guest/vfio-open.c \
			   tests/vm/guest/vfio-open.h tests/vm/guest/errname.h
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -o $@ $(filter %.c,$^)

guest-progs: $(GUEST_BINS)

# Everything the test suite needs, then one prove run over all of it.  The
# packaging and debug-kernel tiers have their own targets.
# The VM tiers are independent TCG VMs of one host thread each: two run at a
# time, the longest (the nested ones) first.
CHECK_TESTS := tests/e2e/owner.t tests/e2e/nested.t tests/vm/owner.t tests/vm/stock.t \
	tests/qemu/smoke.t tests/build tests/unit tests/vfio-profilectl
check: $(SETUP_MK) $(QEMU_MK) test-modules release-modules guest-progs tools
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl check-build; fi
	$(MAKE) -C tests/unit
	prove -v -j2 -r $(CHECK_TESTS)

# Only the real-owner VM tier (tests/vm/owner.t, part of make check).
.PHONY: check-owner
check-owner: $(SETUP_MK) $(QEMU_MK) release-modules guest-progs tools
	prove -v tests/vm/owner.t

# Only the end-to-end test (tests/e2e/, part of make check): QEMU assigns the
# device to a nested guest whose own virtio drivers drive it; about 5 minutes.
.PHONY: check-e2e
check-e2e: $(SETUP_MK) $(QEMU_MK) test-modules release-modules guest-progs tools
	prove -v -j2 tests/e2e/

demo: $(SETUP_MK) test-modules guest-progs tools
	bash tests/vm/run.sh --scenario demo --console

# P1/P2 with the simulated owner, then with the real one (the testbed's
# admin-queue PF), then P7 from one nested run of the real-owner e2e test.
bench: $(SETUP_MK) $(QEMU_MK) test-modules release-modules guest-progs tools
	bash tests/vm/run.sh --scenario bench --console
	VM_RELEASE_DIR=$(RELEASE_DIR) bash tests/vm/run.sh --topology sriov \
		--scenario bench-owner --out $(BUILD)/vm/bench-owner --console
	E2E_BENCH_MB=$${E2E_BENCH_MB:-8} bash tests/e2e/owner.t | grep -E '^# P7|^not ok'
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl bench; fi

clean:
	@if [ -n "$$(sed -n 's/^KDIR=//p' $(SETUP_MK) 2>/dev/null)" ]; then \
		$(MAKE) -C $$(sed -n 's/^KDIR=//p' $(SETUP_MK)) M=$(TOP) VFIO_PROFILE_TESTS=1 clean; fi
	rm -rf $(BUILD)
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl clean; fi
	@if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit clean; fi

# The debug-kernel tier (tests/debug-kernel/): Debian's linux-source-6.12
# built with KASAN, lockdep, kmemleak, KUnit, IOMMUFD + the VFIO cdev and
# no-IOMMU mode, cached outside the tree by a hash of its config (a cold
# build takes about 15 minutes on 2 cores); then the VM suite on it.
DEBUG_MK := $(BUILD)/debug/kernel.mk
.PHONY: debug-kernel check-debug

debug-kernel: $(SETUP_MK)
	@mkdir -p $(dir $(DEBUG_MK))
	bash tests/debug-kernel/build-kernel.sh $$(sed -n 's/^KVER=//p' $(SETUP_MK)) > $(DEBUG_MK).tmp
	mv $(DEBUG_MK).tmp $(DEBUG_MK)

# The build checks first (the VMs need their outputs), then the VMs, two at
# a time: each is one TCG thread.
check-debug: debug-kernel $(QEMU_MK)
	VFIO_PROFILE_DEBUG_TIER=1 prove -v tests/debug-kernel/10-build.t
	VFIO_PROFILE_DEBUG_TIER=1 prove -v -j2 $(filter-out %/10-build.t,$(wildcard tests/debug-kernel/*.t))

# The upstream series (upstream/README): make patches writes it into
# build/patches/ against the debug tier's linux-source-6.12; check-patches
# applies it to a clean copy and builds drivers/vfio/ after each patch (W=1,
# sparse), runs checkpatch --strict and kernel-doc (tests/patches/series.t).
PATCHES_SRC = $$(readlink -f "$$(sed -n 's/^DEBUG_KDIR=//p' $(DEBUG_MK))/source")
.PHONY: patches check-patches
patches: debug-kernel
	python3 scripts/make-patches.py --src $(PATCHES_SRC) --out $(BUILD)/patches

check-patches: patches
	prove -v tests/patches/series.t

# Installing, as a distribution would (README "Installing").  Modules go
# through kbuild's modules_install into /lib/modules/<release>/updates/ of
# the kernel in KDIR (the pinned test kernel unless KDIR= is given), then
# depmod (-b DESTDIR when DESTDIR is set, so the host's /lib/modules is never
# touched); kbuild's own signing is off (no distribution kernel ships its
# key: DKMS signs with the MOK).  udev rules and the unit go where pkg-config
# says; their /usr/sbin/ program paths are rewritten to SBINDIR.
# install-dkms copies the minimal DKMS source tree (no test code).
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(TOP)/dkms.conf)
override DESTDIR := $(if $(DESTDIR),$(abspath $(DESTDIR)))
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config
ifeq ($(origin UDEVDIR),undefined)
UDEVDIR := $(or $(shell $(PKG_CONFIG) --variable=udevdir udev 2>/dev/null),/lib/udev)
endif
ifeq ($(origin SYSTEMDUNITDIR),undefined)
SYSTEMDUNITDIR := $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
endif
DKMSSRCDIR ?= $(PREFIX)/src/vfio-profile-$(VERSION)
INSTALL_MOD_DIR ?= updates
# Evaluated when a recipe runs, after $(SETUP_MK) exists.
MOD_KDIR = $(or $(KDIR),$(shell sed -n 's/^KDIR=//p' $(SETUP_MK)))
MOD_KVER = $(shell cat $(MOD_KDIR)/include/config/kernel.release 2>/dev/null || \
		   $(MAKE) -s --no-print-directory -C $(MOD_KDIR) kernelrelease)
MOD_DIR = $(DESTDIR)/lib/modules/$(MOD_KVER)/$(INSTALL_MOD_DIR)
RELEASE_KBUILD = $(MAKE) -C $(MOD_KDIR) M=$(TOP) VFIO_PROFILE_TESTS= VFIO_PROFILE_KUNIT=
DEPMOD ?= depmod
DKMS_SRCS = Kbuild $(shell cd $(TOP) && find drivers include -type f \
	\( -name '*.[ch]' -o -name Makefile -o -name Kbuild \) \
	! -name '*.mod.c' ! -name owner_sim.c | LC_ALL=C sort)
KO_PATHS := drivers/vfio/pci/profile/vfio_profile drivers/vfio/pci/virtio/virtio_vfio_profile

.PHONY: install uninstall install-modules install-tools install-udev \
	uninstall-modules uninstall-tools uninstall-udev install-dkms uninstall-dkms \
	check-packaging

install: install-modules install-tools install-udev
uninstall: uninstall-modules uninstall-tools uninstall-udev

install-modules uninstall-modules: $(if $(KDIR),,$(SETUP_MK))
install-modules:
	$(RELEASE_KBUILD) modules
	$(RELEASE_KBUILD) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		CONFIG_MODULE_SIG_ALL= modules_install
	$(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(MOD_KVER)

uninstall-modules:
	rm -f $(foreach k,$(KO_PATHS),$(MOD_DIR)/$(k).ko $(MOD_DIR)/$(k).ko.*)
	rmdir $(addprefix $(MOD_DIR)/,drivers/vfio/pci/profile drivers/vfio/pci/virtio \
		drivers/vfio/pci drivers/vfio drivers) $(MOD_DIR) 2>/dev/null || true
	if [ -d $(DESTDIR)/lib/modules/$(MOD_KVER) ]; then \
		$(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(MOD_KVER); fi

install-tools:
	$(MAKE) -C tools/vfio-profilectl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) \
		SBINDIR=$(SBINDIR) MANDIR=$(MANDIR) BASHCOMPDIR=$(BASHCOMPDIR)

uninstall-tools:
	rm -f $(DESTDIR)$(SBINDIR)/vfio-profilectl $(DESTDIR)$(MANDIR)/man8/vfio-profilectl.8 \
		$(DESTDIR)$(BASHCOMPDIR)/vfio-profilectl

install-udev:
	install -d $(DESTDIR)$(UDEVDIR)/rules.d $(DESTDIR)$(SYSTEMDUNITDIR)
	for f in udev-rules/*.rules; do \
		sed 's|/usr/sbin/|$(SBINDIR)/|g' $$f > $(DESTDIR)$(UDEVDIR)/rules.d/$${f##*/} && \
		chmod 0644 $(DESTDIR)$(UDEVDIR)/rules.d/$${f##*/} || exit 1; done
	for f in udev-rules/*.service; do \
		sed 's|/usr/sbin/|$(SBINDIR)/|g' $$f > $(DESTDIR)$(SYSTEMDUNITDIR)/$${f##*/} && \
		chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$${f##*/} || exit 1; done

uninstall-udev:
	rm -f $(addprefix $(DESTDIR)$(UDEVDIR)/rules.d/,$(notdir $(wildcard udev-rules/*.rules))) \
		$(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(wildcard udev-rules/*.service)))

install-dkms:
	for f in dkms.conf $(DKMS_SRCS); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMSSRCDIR)/$$f || exit 1; done
	install -m 0644 scripts/Makefile.dkms $(DESTDIR)$(DKMSSRCDIR)/Makefile

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMSSRCDIR)

# make install into a scratch root, DKMS add/build/install against the
# pinned headers in a private mount namespace, the two Debian packages built,
# linted and installed into a throwaway root (tests/packaging/).
check-packaging: $(SETUP_MK)
	VFIO_PROFILE_PACKAGING=1 prove -v tests/packaging/

# The newest-kernel tier (tests/newest-kernel/): Debian's newest
# linux-source-X.Y, the series prepare-tree.sh picks for the build matrix (7.3
# today), built as a test kernel (defconfig + kvm_guest.config +
# newest.config), cached outside the tree by a hash of its config and source
# version; then the VM suite and the real-owner tier on it, two VMs at a time.
NEWEST_MK := $(BUILD)/newest/kernel.mk
.PHONY: newest-kernel check-newest

newest-kernel: $(SETUP_MK)
	@mkdir -p $(dir $(NEWEST_MK))
	nice -n 10 bash tests/newest-kernel/build-kernel.sh > $(NEWEST_MK).tmp
	mv $(NEWEST_MK).tmp $(NEWEST_MK)

check-newest: newest-kernel $(QEMU_MK) guest-progs tools
	VFIO_PROFILE_NEWEST_TIER=1 prove -v tests/newest-kernel/10-build.t
	VFIO_PROFILE_NEWEST_TIER=1 prove -v -j2 tests/newest-kernel/40-owner.t tests/newest-kernel/20-vm.t

# The real-owner nested e2e test with the newest kernel as L1: not part of
# check-newest (nor of CI) for its cost, see README "The newest-kernel tier".
# Its outputs are make check's (build/e2e-owner/): run one at a time.
.PHONY: check-newest-e2e
check-newest-e2e: newest-kernel $(QEMU_MK) test-modules guest-progs tools
	VFIO_PROFILE_NEWEST_TIER=1 prove -v tests/newest-kernel/10-build.t tests/newest-kernel/50-e2e-owner.t
