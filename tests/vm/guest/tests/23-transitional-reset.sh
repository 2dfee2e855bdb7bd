# Resets reset the device and keep the emulated registers; owner failures give EIO and leave the
# device usable; switching profiles across closes re-latches.
. /tests/lib.sh

set_profile $DEV1 transitional
S=$(sim_dir $DEV1)
vfio-client $DEV1 write config 4 2 0x3 write config 0x10 4 0xc000 write bar0 18 1 0x7 \
	read config 0x10 4 read bar0 18 1 reset \
	read config 4 2 read config 0x10 4 read bar0 18 1 \
	write config 4 2 0x3 read bar0 18 1 run "cat $S/state > /tmp/state3" > /tmp/r
is "$(nth 4 /tmp/r) $(nth 5 /tmp/r)" "0xc001 0x7" "before reset: BAR0 and STATUS hold what was written"
is "$(nth 6 /tmp/r)" ok "VFIO_DEVICE_RESET"
# vfio-pci-core keeps vconfig (BARs, COMMAND) across a reset; the emulated
# I/O BAR does the same, while the device state itself is reset.
is "$(( $(nth 7 /tmp/r) & 1 ))" 1 "after reset: COMMAND.IO is kept, as core keeps COMMAND"
is "$(nth 8 /tmp/r)" 0xc001 "after reset: BAR0 keeps its address, as core keeps its BARs"
is "$(nth 9 /tmp/r)" 0x0 "after reset: BAR0 decodes and STATUS is 0 (the owner saw the reset)"
is "$(nth 11 /tmp/r)" 0x0 "after reset and COMMAND rewritten: STATUS still 0"
check "the model counted the reset" grep -q '^resets [1-9]' /tmp/state3

# A close resets the function without the reset_done handler; the driver
# tells the owner itself, so the model starts clean, not at the next open.
vfio-client $DEV1 write config 4 2 0x3 write bar0 14 2 0 write bar0 8 4 0x1234 \
	write bar0 18 1 0x7 run "cat $S/state > /tmp/state4" > /dev/null
r0=$(sed -n 's/^resets //p' /tmp/state4)
check "while open: STATUS 0x07 in the model" grep -qx 'status 0x07' /tmp/state4
check "while open: queue 0's PFN in the model" grep -q '^queue 0 .* pfn 0x1234 ' /tmp/state4
check "after close: STATUS 0 in the model" grep -qx 'status 0x00' $S/state
check "after close: queue 0 has no PFN in the model" grep -q '^queue 0 .* pfn 0x0 ' $S/state
is "$(sed -n 's/^resets //p' $S/state)" "$((r0 + 1))" "after close: the model counted one reset"

# Owner failures: EIO, one ratelimited log line at most per burst, and the
# device still works afterwards.
kmsg_mark
vfio-client $DEV1 write config 4 2 0x3 run "echo 1 > $S/fail_next" read bar0 0 4 read bar0 0 4 > /tmp/f1
for i in $(seq 40); do echo "read bar0 0 4"; done > /tmp/f.cmds
vfio-client $DEV1 write config 4 2 0x3 run "echo 40 > $S/fail_next" $(cat /tmp/f.cmds) \
	read bar0 0 4 write bar0 18 1 1 read bar0 18 1 > /tmp/f2
is "$(nth 2 /tmp/f1) $(nth 3 /tmp/f1)" "error EIO 0x10020" "an owner failure gives EIO; the next access works"
is "$(grep -c 'error EIO' /tmp/f2)" 40 "40 injected failures: 40 EIO"
is "$(tail -n 3 /tmp/f2 | tr '\n' ' ')" "0x10020 ok 0x1 " "the device works after the failures"
n=$(dmesg_since_mark | grep -c 'transitional: owner read of common config')
diag "owner failure log lines: $n"
check "failures are logged, ratelimited (1..11 lines for 41 failures)" test $n -ge 1 -a $n -le 11
echo 1 > $S/fail_next
is "$(vfio-client $DEV1 info 2>&1 | head -1)" "vfio-client: $DEV1: open device: EIO" \
   "an owner failure at open (notify info) fails the open with EIO"
is "$(vfio-client $DEV1 read config 2 2)" 0x1000 "the next open works"

# Switching profiles across closes re-latches what the next open sees.
set_profile $DEV1 native
is "$(vfio-client $DEV1 read config 2 2 read bar0 0 4 | tr '\n' ' ')" "0x1041 error EINVAL " \
   "native after transitional: device 0x1041, no BAR0"
set_profile $DEV1 transitional
is "$(vfio-client $DEV1 read config 2 2)" 0x1000 "transitional again: device 0x1000"
check "hold $DEV1 open in transitional" hold_open $DEV1
is "$(sysfs-write $(vfio_dev $DEV1)/profiles/current native)" "error EBUSY" "transitional open: change refused"
release_hold
set_profile $DEV1 native
