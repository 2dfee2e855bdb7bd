# BAR0 of the transitional device on a real VF: every legacy register read
# and written through the PF's admin queue (Linux's virtio-pci on the PF,
# QEMU's legacy register semantics on the VF).  Expected values come from the
# virtio spec ("Legacy Interfaces", virtio-net device) and the VF's
# configuration on QEMU's command line (tests/vm/run.sh), not from a model.
. /tests/lib.sh

MAC=52:54:00:0f:01:01		# VF 1 of pf1
IOMEM="write config 4 2 0x3"	# COMMAND: IO and MEMORY decode on
set_profile $DEV1 transitional

# Decode rules (ours) hold in front of the real owner too.
# Without MSI-X the device area starts at 20, so BAR0's last bytes 28..31
# are device config 8..11: past this VF's config (MAC and status: QEMU's
# virtio-net without MQ or MTU has 8 bytes).  The owner refuses the command
# (the spec's INVALID_FIELD) and the user gets EIO; with MSI-X enabled the
# same bytes are MAC[4..5] and the status.
vfio-client $DEV1 read bar0 0 4 $IOMEM read bar0 32 1 read bar0 0 3 \
	read bar0 16 1 write bar0 16 4 0 read bar0 28 4 msix 1 read bar0 28 4 msix 0 > /tmp/b
is "$(nth 1 /tmp/b)" "error EIO" "IO decode off: EIO, nothing sent to the owner"
is "$(nth 3 /tmp/b) $(nth 4 /tmp/b)" "error EINVAL error EINVAL" "past the BAR, 3 bytes: EINVAL"
is "$(nth 5 /tmp/b) $(nth 6 /tmp/b)" "error EINVAL error EINVAL" "notify as 1 or 4 bytes: EINVAL"
is "$(nth 7 /tmp/b)" "error EIO" "MSI-X off: 4 bytes at 28 are past the VF's device config: the owner refuses, EIO"
is "$(nth 9 /tmp/b)" 0x10101 "MSI-X on: 4 bytes at 28 are MAC[4..5] and the link status"

# HOST_FEATURES: bits 0..31 of the device's features; a virtio-net device
# with a MAC and link status offers VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS,
# and no legacy device offers VIRTIO_F_VERSION_1 (bit 32).  The spec has the
# driver access each register with its natural width; a narrower access is
# forwarded as it is, and what the device answers is its business (QEMU's
# legacy registers answer only at their own offset), so only the natural
# widths have expected values here.
vfio-client $DEV1 $IOMEM read bar0 0 4 read bar0 0 2 read bar0 2 2 > /tmp/h
hf=$(nth 2 /tmp/h)
diag "HOST_FEATURES $hf; 16-bit reads at 0 and 2: $(nth 3 /tmp/h) $(nth 4 /tmp/h)"
is "$(( hf & 0x10020 ))" $((0x10020)) "HOST_FEATURES has VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS"
is "$(nth 3 /tmp/h)" "$(printf '0x%x' $((hf & 0xffff)))" "a narrower read at the register's offset gets its low bytes"

# Queues (the rings live in memory mapped for the device: QEMU maps them
# through the vIOMMU as soon as a PFN is written).  virtio-net without
# multiqueue has receiveq 0, transmitq 1 (256 entries each, QEMU's default)
# and controlq 2 (64); QUEUE_SEL past them reads size 0.
vfio-client $DEV1 $IOMEM dma-mem 0x10000000 0x10000 \
	write bar0 4 4 0x10020 read bar0 4 4 \
	write bar0 14 2 0 read bar0 12 2 write bar0 14 2 1 read bar0 12 2 \
	write bar0 14 2 2 read bar0 12 2 write bar0 14 2 3 read bar0 12 2 \
	write bar0 14 2 1 write bar0 8 4 0x10004 write bar0 14 2 2 write bar0 8 4 0x10008 \
	write bar0 14 2 1 read bar0 8 4 read bar0 14 2 write bar0 14 2 2 read bar0 8 4 \
	write bar0 14 2 0 read bar0 8 4 \
	write bar0 18 1 0x3 read bar0 18 1 write bar0 18 1 0 read bar0 18 1 read bar0 4 4 \
	write bar0 14 2 1 read bar0 8 4 > /tmp/q
is "$(nth 4 /tmp/q)" 0x10020 "GUEST_FEATURES reads back what the driver accepted"
is "$(nth 6 /tmp/q) $(nth 8 /tmp/q) $(nth 10 /tmp/q) $(nth 12 /tmp/q)" "0x100 0x100 0x40 0x0" \
   "QUEUE_NUM: receiveq 256, transmitq 256, controlq 64, none past them"
is "$(nth 18 /tmp/q) $(nth 19 /tmp/q)" "0x10004 0x1" "queue 1 keeps its PFN; QUEUE_SEL reads back"
is "$(nth 21 /tmp/q) $(nth 23 /tmp/q)" "0x10008 0x0" "queue 2 has its own PFN; queue 0 has none"
is "$(nth 25 /tmp/q)" 0x3 "STATUS reads back (ACKNOWLEDGE | DRIVER)"
is "$(nth 27 /tmp/q) $(nth 28 /tmp/q) $(nth 30 /tmp/q)" "0x0 0x0 0x0" \
   "STATUS=0 resets the device: status, features and queue PFNs read 0"

# VFIO_DEVICE_RESET (the VF's FLR) resets the legacy device in the owner:
# STATUS, GUEST_FEATURES and the queue's PFN read 0 afterwards through the
# PF.  The emulated config registers stay, as vfio-pci-core keeps vconfig.
vfio-client $DEV1 $IOMEM write config 0x10 4 0xc000 dma-mem 0x10000000 0x10000 \
	write bar0 4 4 0x20 write bar0 14 2 1 write bar0 8 4 0x10004 write bar0 18 1 0x3 \
	read bar0 18 1 reset read config 4 2 read config 0x10 4 \
	read bar0 18 1 read bar0 4 4 write bar0 14 2 1 read bar0 8 4 > /tmp/r
is "$(nth 8 /tmp/r)" 0x3 "before the reset: STATUS 0x3 in the VF"
is "$(nth 9 /tmp/r)" ok "VFIO_DEVICE_RESET of the VF"
is "$(( $(nth 10 /tmp/r) & 1 )) $(nth 11 /tmp/r)" "1 0xc001" "after the reset: COMMAND.IO and BAR0 kept"
is "$(nth 12 /tmp/r) $(nth 13 /tmp/r) $(nth 15 /tmp/r)" "0x0 0x0 0x0" \
   "after the reset: the VF's STATUS, GUEST_FEATURES and queue PFN read 0 through the PF"

# Device config: the MAC from the VF's command line, and the link status,
# at 20 without MSI-X and at 24 once MSI-X is enabled through
# VFIO_DEVICE_SET_IRQS (the vectors sit between).  The host changes the link
# (QEMU's set_link on the VF's netdev) to show the status is live.
vfio-client $DEV1 $IOMEM read bar0 20 1 read bar0 21 1 read bar0 22 1 read bar0 23 1 \
	read bar0 24 1 read bar0 25 1 read bar0 26 2 \
	run ". /tests/lib.sh; hostctl set_link vf1.1 off > /tmp/hc1" read bar0 26 2 \
	run ". /tests/lib.sh; hostctl set_link vf1.1 on > /tmp/hc2" read bar0 26 2 \
	msix 2 read bar0 20 2 read bar0 22 2 read bar0 24 1 read bar0 29 1 read bar0 22 4 \
	write bar0 20 2 1 read bar0 20 2 write bar0 22 2 0 read bar0 22 2 \
	msix 0 read bar0 20 1 > /tmp/d
got=$(for i in 2 3 4 5 6 7; do printf '%02x' $(nth $i /tmp/d); done | sed 's/../&:/g; s/:$//')
is "$got" "$MAC" "MSI-X off: the MAC read byte by byte at 20..25 is the VF's ($MAC)"
is "$(nth 8 /tmp/d) $(nth 9 /tmp/d) $(nth 10 /tmp/d)" "0x1 0x0 0x1" \
   "link status at 26 follows the host: up, down after set_link off, up again"
is "$(nth 11 /tmp/d)" ok "MSI-X enabled through VFIO_DEVICE_SET_IRQS"
is "$(nth 12 /tmp/d) $(nth 13 /tmp/d)" "0xffff 0xffff" "MSI-X on: config and queue vectors at 20/22 (NO_VECTOR)"
is "$(nth 14 /tmp/d) $(nth 15 /tmp/d)" "0x52 0x1" "MSI-X on: the MAC moved to 24..29"
is "$(nth 16 /tmp/d)" "error EINVAL" "MSI-X on: 4 bytes at 22 cross into device config: EINVAL"
is "$(nth 18 /tmp/d) $(nth 20 /tmp/d)" "0x1 0x0" "MSI-X on: config and queue vectors take writes"
is "$(nth 22 /tmp/d)" 0x52 "MSI-X disabled again: the MAC is back at 20"
