# A full legacy driver bring-up through the emulated BAR0, as Linux's legacy
# virtio_pci does it, with the rings in memory mapped for the device; then
# one packet sent.  QUEUE_NOTIFY is a 16-bit write of the queue index, which
# our driver forwards to the doorbell the PF names (LEGACY_NOTIFY_INFO): a
# kick of queue 0 must not send what sits on queue 1, a kick of queue 1 must.
. /tests/lib.sh

MAC=52:54:00:0f:01:01
IOMEM="write config 4 2 0x3"
set_profile $DEV1 transitional

# Ring memory (IOVA 0x10000000, legacy layout, 4096-byte alignment):
#   queue 0 at +0x0000 (PFN 0x10000), queue 1 at +0x4000 (PFN 0x10004): its
#   avail ring at +0x5000, its used ring at +0x6000; queue 2 at +0x8000.
# The frame at +0xc000: a 10-byte virtio_net_hdr (zero), then 60 bytes of
# Ethernet: broadcast, from the VF's MAC, local experimental ethertype.
TX_FRAME="mem-write 0xc00a 4 0xffffffff mem-write 0xc00e 2 0xffff \
	mem-write 0xc010 4 0x0f005452 mem-write 0xc014 2 0x0101 mem-write 0xc016 2 0xb588 \
	mem-write 0x4000 8 0x1000c000 mem-write 0x4008 4 70 \
	mem-write 0x5004 2 0 mem-write 0x5002 2 1"

vfio-client $DEV1 $IOMEM dma-mem 0x10000000 0x10000 \
	write bar0 18 1 0 write bar0 18 1 1 write bar0 18 1 3 \
	read bar0 0 4 write bar0 4 4 0x10020 \
	write bar0 14 2 0 read bar0 12 2 write bar0 8 4 0x10000 \
	write bar0 14 2 1 read bar0 12 2 write bar0 8 4 0x10004 \
	write bar0 14 2 2 read bar0 12 2 write bar0 8 4 0x10008 \
	write bar0 18 1 7 read bar0 18 1 read bar0 4 4 \
	read bar0 20 1 read bar0 21 1 read bar0 22 1 read bar0 23 1 read bar0 24 1 read bar0 25 1 \
	read bar0 19 1 $TX_FRAME \
	write bar0 16 2 0 run "usleep 500000" mem-read 0x6002 2 \
	write bar0 16 2 1 run "usleep 500000" mem-read 0x6002 2 mem-read 0x6004 4 \
	read bar0 19 1 read bar0 19 1 \
	write bar0 18 1 0 read bar0 18 1 > /tmp/u
cat /tmp/u | tr '\n' ' ' | sed 's/^/# bring-up results: /'; echo
is "$(nth 1 /tmp/u) $(nth 2 /tmp/u)" "ok ok" "dma-mem: ring memory mapped for the VF"
is "$(nth 7 /tmp/u)" ok "the driver's features (MAC, STATUS) are accepted"
is "$(nth 9 /tmp/u) $(nth 12 /tmp/u) $(nth 15 /tmp/u)" "0x100 0x100 0x40" "queue sizes read during bring-up"
is "$(nth 18 /tmp/u)" 0x7 "DRIVER_OK: STATUS reads ACKNOWLEDGE | DRIVER | DRIVER_OK"
is "$(nth 19 /tmp/u)" 0x10020 "the negotiated features stay"
got=$(for i in 20 21 22 23 24 25; do printf '%02x' $(nth $i /tmp/u); done | sed 's/../&:/g; s/:$//')
is "$got" "$MAC" "the MAC after bring-up is the VF's"
is "$(nth 26 /tmp/u)" 0x0 "ISR is clear before anything happened"
n=$((26 + 9))		# the TX_FRAME writes print 9 lines
is "$(nth $((n + 1)) /tmp/u) $(nth $((n + 2)) /tmp/u)" "ok 0x0" \
   "a kick of queue 0 (receiveq) leaves the packet on transmitq: used idx 0"
is "$(nth $((n + 3)) /tmp/u) $(nth $((n + 4)) /tmp/u) $(nth $((n + 5)) /tmp/u)" "ok 0x1 0x0" \
   "a kick of queue 1 (transmitq) sends it: used idx 1, descriptor 0 returned"
is "$(nth $((n + 6)) /tmp/u) $(nth $((n + 7)) /tmp/u)" "0x1 0x0" \
   "ISR shows the used-buffer interrupt (0x1), and reading it cleared it"
is "$(nth $((n + 9)) /tmp/u)" 0x0 "STATUS=0 resets the device after use"
