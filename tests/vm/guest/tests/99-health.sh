# The kernel stayed healthy and everything unloads cleanly.
. /tests/lib.sh

check "our modules unload after all tests" unload_ours
for d in $DEV1 $DEV2 $DEV3; do bind_to $d virtio-pci; done
is "$(driver_of $DEV1) $(driver_of $DEV2) $(driver_of $DEV3)" \
   "virtio-pci virtio-pci virtio-pci" "every device goes back to virtio-pci"
dmesg > /tmp/dmesg.all
if grep -qE 'Oops|BUG:|WARNING:|Call Trace|INFO: task .* blocked' /tmp/dmesg.all; then
	fail "no oops, BUG, WARNING or hung task in dmesg" \
	     "$(grep -E -m5 'Oops|BUG:|WARNING:|Call Trace|INFO: task .* blocked' /tmp/dmesg.all)"
else
	pass "no oops, BUG, WARNING or hung task in dmesg"
fi
