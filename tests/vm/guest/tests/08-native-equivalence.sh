# native is exactly vfio-pci: same config space, device, region and IRQ info.
. /tests/lib.sh

check "bind $DEV3 to vfio-pci" bind_to $DEV3 vfio-pci
vfio-client $DEV3 info dump-config /tmp/cfg.vfio-pci > /tmp/info.vfio-pci
check "bind $DEV3 to $OURS" bind_to $DEV3 $OURS
vfio-client $DEV3 info dump-config /tmp/cfg.ours > /tmp/info.ours
check "config space 0..0xfff through vfio-pci was read" test -s /tmp/cfg.vfio-pci
check "config space 0..0xfff is byte-identical" cmp /tmp/cfg.vfio-pci /tmp/cfg.ours
if cmp -s /tmp/info.vfio-pci /tmp/info.ours; then
	pass "device, region and IRQ info are identical"
else
	fail "device, region and IRQ info are identical" "$(diff /tmp/info.vfio-pci /tmp/info.ours | head -20)"
fi
check "info lists 9 regions and 5 IRQ indexes" grep -q 'regions=9 irqs=5' /tmp/info.ours
is "$(vfio-client $DEV3 read config 0 4)" "0x10411af4" "config read through $OURS: vendor and device"
is "$(vfio-client $DEV3 read bar4 0 4 | tr -d '\n')" "$(bind_to $DEV3 vfio-pci; vfio-client $DEV3 read bar4 0 4 | tr -d '\n')" \
   "BAR4 (virtio common config) reads the same"
check "rebind $DEV3 to $OURS" bind_to $DEV3 $OURS
is "$(vfio-client $DEV3 reset)" ok "VFIO_DEVICE_RESET works under $OURS"
