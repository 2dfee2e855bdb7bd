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
#   make setup         install build dependencies and fetch the test kernel

TOP := $(CURDIR)
BUILD := $(TOP)/build
SETUP_MK := $(BUILD)/setup.mk

# Tests build the test-only sample driver too; release builds never do.
VFIO_PROFILE_TESTS ?=

.PHONY: all modules test-modules tools setup check demo bench clean help

all: modules tools

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

# The set-up script is cheap when everything is cached; run it whenever the
# pinned kernel changes or the build folder is new.
$(SETUP_MK): scripts/setup.sh scripts/kernel-version
	@mkdir -p $(BUILD)
	bash scripts/setup.sh > $@.tmp
	mv $@.tmp $@

setup:
	@rm -f $(SETUP_MK)
	@$(MAKE) --no-print-directory $(SETUP_MK)

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

# Everything the test suite needs, then one prove run over all of it.
check: $(SETUP_MK) test-modules guest-progs tools
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl check-build; fi
	$(MAKE) -C tests/unit
	prove -v -r tests/

demo: $(SETUP_MK) test-modules guest-progs tools
	bash tests/vm/run.sh --scenario demo --console

bench: $(SETUP_MK) test-modules guest-progs tools
	bash tests/vm/run.sh --scenario bench --console
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl bench; fi

clean:
	@if [ -n "$$(sed -n 's/^KDIR=//p' $(SETUP_MK) 2>/dev/null)" ]; then \
		$(MAKE) -C $$(sed -n 's/^KDIR=//p' $(SETUP_MK)) M=$(TOP) VFIO_PROFILE_TESTS=1 clean; fi
	rm -rf $(BUILD)
	@if [ -f tools/vfio-profilectl/Makefile ]; then $(MAKE) -C tools/vfio-profilectl clean; fi
	@if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit clean; fi
