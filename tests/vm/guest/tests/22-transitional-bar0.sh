# BAR0 of the transitional device against the simulated owner's model:
# decode rules, every register, the MSI-X boundary, STATUS and ISR.
. /tests/lib.sh

set_profile $DEV1 transitional
S=$(sim_dir $DEV1)
IOMEM="write config 4 2 0x3"	# COMMAND: IO and MEMORY decode on

vfio-client $DEV1 read bar0 0 4 $IOMEM \
	read bar0 32 1 read bar0 30 4 read bar0 28 4 read bar0 0 3 read bar0 0 8 \
	read bar0 16 1 write bar0 16 4 0 write bar0 15 2 0 write bar0 14 4 0 read bar0 17 1 \
	read bar0 0 4 read bar0 0 2 read bar0 2 2 read bar0 1 1 > /tmp/b
is "$(nth 1 /tmp/b)" "error EIO" "IO decode off: BAR0 access gives EIO"
is "$(nth 3 /tmp/b)" "error EINVAL" "offset 32 (past the BAR): EINVAL"
is "$(nth 4 /tmp/b)" "error EINVAL" "4 bytes at 30 (crossing the end): EINVAL"
case "$(nth 5 /tmp/b)" in
0x*) pass "4 bytes at 28 (the last four) work" ;;
*) fail "4 bytes at 28 (the last four) work" "got $(nth 5 /tmp/b)" ;;
esac
is "$(nth 6 /tmp/b)" "error EINVAL" "a 3-byte access: EINVAL"
is "$(nth 7 /tmp/b)" "error EINVAL" "an 8-byte access: EINVAL"
is "$(nth 8 /tmp/b)" "error EINVAL" "notify read as 1 byte: EINVAL"
is "$(nth 9 /tmp/b)" "error EINVAL" "notify written as 4 bytes: EINVAL"
is "$(nth 10 /tmp/b)" "error EINVAL" "2 bytes at 15 (into notify): EINVAL"
is "$(nth 11 /tmp/b)" "error EINVAL" "4 bytes at 14 (QUEUE_SEL + notify): EINVAL"
is "$(nth 12 /tmp/b)" "error EINVAL" "1 byte at 17 (inside notify): EINVAL"
is "$(nth 13 /tmp/b)" 0x10020 "HOST_FEATURES: VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS"
is "$(nth 14 /tmp/b) $(nth 15 /tmp/b) $(nth 16 /tmp/b)" "0x20 0x1 0x0" "HOST_FEATURES in 16- and 8-bit pieces"

# Queues: QUEUE_SEL picks the queue that PFN, NUM and the vector act on.
vfio-client $DEV1 $IOMEM write bar0 4 4 0x10020 read bar0 4 4 \
	write bar0 14 2 1 write bar0 8 4 0x1234 read bar0 12 2 read bar0 14 2 \
	write bar0 14 2 0 read bar0 8 4 write bar0 14 2 2 write bar0 8 4 0x5678 \
	write bar0 14 2 1 read bar0 8 4 write bar0 14 2 7 read bar0 12 2 read bar0 8 4 \
	write bar0 0 4 0 read bar0 0 4 \
	run "cat $S/state > /tmp/state1" > /tmp/q
is "$(nth 3 /tmp/q)" 0x10020 "GUEST_FEATURES reads back what the driver accepted"
is "$(nth 6 /tmp/q)" 0x100 "QUEUE_NUM of queue 1 is 256"
is "$(nth 7 /tmp/q)" 0x1 "QUEUE_SEL reads back"
is "$(nth 9 /tmp/q)" 0x0 "queue 0 has its own PFN"
is "$(nth 13 /tmp/q)" 0x1234 "queue 1 kept its PFN"
is "$(nth 15 /tmp/q) $(nth 16 /tmp/q)" "0x0 0x0" "a queue that does not exist: NUM 0, PFN 0"
is "$(nth 18 /tmp/q)" 0x10020 "HOST_FEATURES is read-only"
check "the model holds queue 1 PFN 0x1234" grep -q 'queue 1 num 256 pfn 0x1234 ' /tmp/state1
check "the model holds queue 2 PFN 0x5678" grep -q 'queue 2 num 256 pfn 0x5678 ' /tmp/state1
check "the model holds the guest features" grep -q 'guest_features 0x00010020' /tmp/state1

# STATUS: writing 0 resets the device; ISR is cleared by reading it.
vfio-client $DEV1 $IOMEM write bar0 4 4 0x20 write bar0 8 4 0x99 write bar0 18 1 0x7 \
	read bar0 18 1 write bar0 18 1 0 read bar0 18 1 read bar0 4 4 read bar0 8 4 \
	run "echo 3 > $S/raise_isr" read bar0 19 1 read bar0 19 1 \
	run "echo 1 > $S/raise_isr" read bar0 18 2 read bar0 19 1 > /tmp/s
is "$(nth 5 /tmp/s)" 0x7 "STATUS reads back"
is "$(nth 7 /tmp/s) $(nth 8 /tmp/s) $(nth 9 /tmp/s)" "0x0 0x0 0x0" "STATUS=0 resets status, features and queues"
is "$(nth 10 /tmp/s) $(nth 11 /tmp/s)" "0x3 0x0" "ISR reads its bits, then reads 0: reading cleared it"
is "$(nth 12 /tmp/s) $(nth 13 /tmp/s)" "0x100 0x0" "a 16-bit read of STATUS+ISR also clears ISR"

# Device config: at 20 without MSI-X, at 24 once MSI-X is enabled through
# VFIO_DEVICE_SET_IRQS; offsets are relative to the area.
mac=$(sed -n 's/^mac //p' /tmp/state1)
vfio-client $DEV1 $IOMEM read bar0 20 1 read bar0 21 1 read bar0 22 1 read bar0 23 1 \
	read bar0 24 1 read bar0 25 1 read bar0 26 2 read bar0 22 4 \
	msix 2 read bar0 20 2 read bar0 24 1 read bar0 29 1 read bar0 22 4 \
	write bar0 20 2 1 read bar0 20 2 write bar0 22 2 0 read bar0 22 2 \
	msix 0 read bar0 20 1 > /tmp/d
got=$(for i in 2 3 4 5 6 7; do printf '%02x' $(nth $i /tmp/d); done | sed 's/../&:/g; s/:$//')
is "$got" "$mac" "MSI-X off: the MAC read byte by byte at 20..25 is the model's"
is "$(nth 8 /tmp/d)" 0x1 "MSI-X off: link status at 26 (VIRTIO_NET_S_LINK_UP)"
set -- $(echo $mac | tr ':' ' ')
is "$(nth 9 /tmp/d)" "$(printf '0x%x' $((0x$6 << 24 | 0x$5 << 16 | 0x$4 << 8 | 0x$3)))" \
   "MSI-X off: 4 bytes at 22 are MAC bytes 2..5"
is "$(nth 10 /tmp/d)" ok "MSI-X enabled through VFIO_DEVICE_SET_IRQS"
is "$(nth 11 /tmp/d)" 0xffff "MSI-X on: 20 is the config vector (NO_VECTOR by default)"
is "$(nth 12 /tmp/d) $(nth 13 /tmp/d)" "$(printf '0x%x 0x%x' 0x$1 0x$6)" "MSI-X on: the MAC moved to 24..29"
is "$(nth 14 /tmp/d)" "error EINVAL" "MSI-X on: 4 bytes at 22 cross into device config: EINVAL"
is "$(nth 16 /tmp/d)" 0x1 "MSI-X on: the config vector takes a write"
is "$(nth 18 /tmp/d)" 0x0 "MSI-X on: the queue vector takes a write"
is "$(nth 20 /tmp/d)" "$(printf '0x%x' 0x$1)" "MSI-X disabled again: the MAC is back at 20"
set --

# QUEUE_NOTIFY goes to the device's own doorbell (the QEMU trace on the host
# shows it arrive); the doorbell is memory, so MEMORY decode must be on.
vfio-client $DEV1 write config 4 2 0x1 write bar0 16 2 0 \
	write config 4 2 0x3 write bar0 16 2 0 write bar0 16 2 1 write bar0 16 2 2 \
	read bar0 16 2 run "cat $S/state > /tmp/state2" > /tmp/n
is "$(nth 2 /tmp/n)" "error EIO" "notify with MEMORY decode off: EIO"
is "$(nth 4 /tmp/n) $(nth 5 /tmp/n) $(nth 6 /tmp/n)" "ok ok ok" "three notifies forwarded to the doorbell"
case "$(nth 7 /tmp/n)" in
0x*) pass "a notify read comes from the doorbell" ;;
*) fail "a notify read comes from the doorbell" "got $(nth 7 /tmp/n)" ;;
esac
check "the doorbell is the device's modern notify BAR" grep -q '^notify bar 4 ' /tmp/state2
diag "$(grep -E '^(notify|commands)' /tmp/state2 | tr '\n' ' ')"
