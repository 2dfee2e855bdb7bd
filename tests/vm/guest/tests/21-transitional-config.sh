# Config space in both profiles, every offset 0..0xff with sizes 1, 2, 4:
# reads of every size agree with each other, and transitional differs from
# native in exactly the rewritten fields.  Then BAR0 sizing and COMMAND.IO.
. /tests/lib.sh

HEX_AWK='function hex(s,  i, v) { s = tolower(s); sub(/^0x/, "", s); v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }'

set_profile $DEV1 native
vfio-client $DEV1 cfg-scan /tmp/scan.native info > /tmp/info.native
set_profile $DEV1 transitional
vfio-client $DEV1 cfg-scan /tmp/scan.trans info > /tmp/info.trans
check "scans completed (764 reads each)" test $(wc -l < /tmp/scan.trans) -eq 764 -a $(wc -l < /tmp/scan.native) -eq 764

# Every 2- and 4-byte read equals the bytes read one at a time.
consistent() {
	awk "$HEX_AWK"'
	     $3 == "error" { bad++; next }
	     { v[hex($1), $2] = hex($3) }
	     END {
		for (o = 0; o < 256; o++) for (s = 2; s <= 4; s += 2) {
			if (o + s > 256) continue
			x = 0
			for (i = s - 1; i >= 0; i--) x = x * 256 + v[o + i, 1]
			if (x != v[o, s]) { printf "0x%02x/%d: %x != %x\n", o, s, v[o, s], x; bad++ }
		}
		exit bad > 0
	     }' "$1"
}
check "native: every unaligned and partial read agrees with byte reads" consistent /tmp/scan.native
check "transitional: every unaligned and partial read agrees with byte reads" consistent /tmp/scan.trans

# Byte by byte: the rewritten fields hold the transitional identity, and
# every other byte equals native (COMMAND.IO aside: nothing set it yet).
awk "$HEX_AWK"'
     FNR == NR { if ($2 == 1) n[hex($1)] = hex($3); next }
     $2 == 1 { t[hex($1)] = hex($3) }
     END {
	split("2:0x00 3:0x10 8:0x00 16:0x01 17:0x00 18:0x00 19:0x00 44:0xf4 45:0x1a 46:0x01 47:0x00", e, " ")
	for (k in e) { split(e[k], p, ":"); want[p[1] + 0] = hex(p[2]) }
	for (o = 0; o < 256; o++) {
		w = (o in want) ? want[o] : (o == 4 ? and(n[o], 254) : n[o])
		if (t[o] != w) printf "0x%02x: transitional 0x%02x, want 0x%02x (native 0x%02x)\n", o, t[o], w, n[o]
	}
     }' /tmp/scan.native /tmp/scan.trans > /tmp/diff.out
is "$(cat /tmp/diff.out)" "" "transitional = native except device 0x1000, revision 0, I/O BAR0, subsystem 1af4:0001"
is "$(grep '^0x02 2 \|^0x08 1 \|^0x2c 4 \|^0x10 4 ' /tmp/scan.trans | tr '\n' ' ')" \
   "0x02 2 0x1000 0x08 1 0x0 0x10 4 0x1 0x2c 4 0x11af4 " "identity registers read as a whole"
check "native shows the modern device 0x1041" grep -q '^0x02 2 0x1041$' /tmp/scan.native

# Region info: only BAR0 changes: 32 bytes, read/write, no mmap.
is "$(grep '^region 0 ' /tmp/info.trans)" "region 0 size=0x20 flags=0x3" "transitional: BAR0 region is 32 bytes, READ|WRITE, no mmap"
is "$(grep '^region 0 ' /tmp/info.native)" "region 0 size=0x0 flags=0x0" "native: no BAR0 region"
is "$(grep -v '^region 0 ' /tmp/info.trans | md5sum)" "$(grep -v '^region 0 ' /tmp/info.native | md5sum)" \
   "every other region, IRQ and device info is unchanged"

# The raw answer to VFIO_DEVICE_GET_REGION_INFO, every field, the ones the
# kernel fills poisoned first.  Before Linux 6.19 the driver's own ioctl
# answers BAR0; from 6.19 vfio core does, asking the driver through
# get_region_info_caps (include/linux/vfio_profile_compat.h): every kernel
# must give these same lines, errors included.
ri_all() {
	vfio-client $DEV1 region-info 0 32 region-info 0 4096 region-info 0 31 region-info 0 0 \
		region-info 9 32 region-info 0xffffffff 32 \
		region-info 1 32 region-info 1 4096 region-info 2 32 region-info 4 32 \
		region-info 4 4096 region-info 7 32 region-info 8 32
}
ri_all > /tmp/ri.trans
set_profile $DEV1 native
ri_all > /tmp/ri.native
set_profile $DEV1 transitional
is "$(nth 1 /tmp/ri.trans)" "argsz=32 flags=0x3 index=0 cap_offset=0x0 size=0x20 offset=0x0" \
   "transitional: BAR0 region info, every field"
is "$(nth 2 /tmp/ri.trans)" "argsz=4096 flags=0x3 index=0 cap_offset=0x0 size=0x20 offset=0x0" \
   "transitional: BAR0 region info with a large argsz, no capability"
is "$(sed -n 3,6p /tmp/ri.trans | tr '\n' ' ')" "error EINVAL error EINVAL error EINVAL error EINVAL " \
   "transitional: argsz 31 and 0, index 9 and 0xffffffff: EINVAL"
is "$(nth 1 /tmp/ri.native)" "argsz=32 flags=0x0 index=0 cap_offset=0x0 size=0x0 offset=0x0" \
   "native: BAR0 region info, every field"
is "$(sed -n 3,6p /tmp/ri.native | tr '\n' ' ')" "error EINVAL error EINVAL error EINVAL error EINVAL " \
   "native: argsz 31 and 0, index 9 and 0xffffffff: EINVAL"
is "$(sed -n '7,$p' /tmp/ri.trans | md5sum)" "$(sed -n '7,$p' /tmp/ri.native | md5sum)" \
   "transitional: every other region's raw info is native's, capabilities included"
diag "raw region info 1, 2, 4, 7, 8: $(sed -n '7,$p' /tmp/ri.trans | tr '\n' ';')"

# BAR0 sizing as vfio-pci does it for real BARs, then restore.
vfio-client $DEV1 write config 0x10 4 0xffffffff read config 0x10 4 \
	write config 0x10 4 0xc040 read config 0x10 4 read config 0x11 1 \
	write config 0x11 1 0xd0 read config 0x10 4 write config 0x10 4 0 read config 0x10 4 > /tmp/bar
is "$(nth 2 /tmp/bar)" 0xffffffe1 "BAR0 sizing: all ones reads back the 32-byte I/O mask"
is "$(nth 4 /tmp/bar)" 0xc041 "BAR0 keeps an address, low bits masked, IO bit set"
is "$(nth 5 /tmp/bar)" 0xc0 "BAR0 byte read at 0x11"
is "$(nth 7 /tmp/bar)" 0xd041 "BAR0 byte write at 0x11"
is "$(nth 9 /tmp/bar)" 0x1 "BAR0 restored to 0"

# COMMAND.IO is the user's bit; the other bits are the core's.
vfio-client $DEV1 read config 4 2 write config 4 2 0x3 read config 4 2 read config 4 1 \
	write config 4 1 0x2 read config 4 2 > /tmp/cmd
io() { echo $(( $1 & 1 )); }
diag "COMMAND reads: $(tr '\n' ' ' < /tmp/cmd)"
is "$(io $(nth 1 /tmp/cmd))" 0 "COMMAND.IO reads clear before the user sets it"
is "$(io $(nth 3 /tmp/cmd))" 1 "COMMAND.IO sticks after the user sets it"
is "$(io $(nth 4 /tmp/cmd))" 1 "COMMAND.IO in a byte read"
is "$(io $(nth 6 /tmp/cmd))" 0 "COMMAND.IO clears when the user clears it with a byte write"
is "$(io $(vfio-client $DEV1 read config 4 2))" 0 "a new open starts with COMMAND.IO clear"
