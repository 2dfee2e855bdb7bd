# Owner failures on the real backend: the PF's fault knob (QEMU property
# x-admin-fail-next, set through the monitor) fails the next admin commands
# as a device under pressure would.  The user gets EIO, the log one
# ratelimited line per failure (bounded in a burst), and the device stays
# usable; an open whose notify-info command fails fails, the next works.
. /tests/lib.sh

IOMEM="write config 4 2 0x3"
KNOB="qom-set /machine/peripheral/pf1 x-admin-fail-next"
set_profile $DEV1 transitional

kmsg_mark
vfio-client $DEV1 $IOMEM read bar0 0 4 \
	run ". /tests/lib.sh; hostctl $KNOB 1 > /tmp/hc" read bar0 0 4 read bar0 0 4 > /tmp/f
is "$(cat /tmp/hc)" "" "the monitor took the fault knob"
is "$(nth 3 /tmp/f)" "error EIO" "a failed owner command gives EIO"
is "$(nth 4 /tmp/f)" "$(nth 2 /tmp/f)" "the next command works: the device is still usable"
dmesg_since_mark | grep 'transitional: owner' > /tmp/log
is "$(wc -l < /tmp/log)" 1 "one log line for the failure"
check "it names the device, the access and the error" \
	grep -q "$DEV1: transitional: owner read of common config +0/4 failed: -" /tmp/log
sed 's/^/# /' /tmp/log

kmsg_mark
i=0
args=
while [ $i -lt 40 ]; do args="$args read bar0 4 4"; i=$((i + 1)); done
vfio-client $DEV1 $IOMEM run ". /tests/lib.sh; hostctl $KNOB 40 > /tmp/hc" \
	$args read bar0 0 4 > /tmp/f3
is "$(grep -c 'error EIO' /tmp/f3)" 40 "40 failed commands: 40 EIOs"
case "$(tail -n 1 /tmp/f3)" in
0x*) pass "then the device works again" ;;
*) fail "then the device works again" "got $(tail -n 1 /tmp/f3)" ;;
esac
lines=$(dmesg_since_mark | grep -c 'transitional: owner')
check "the log is ratelimited ($lines lines for 40 failures)" test $lines -ge 1 -a $lines -le 11

kmsg_mark
hostctl $KNOB 1 > /tmp/hc
vfio-client $DEV1 info > /tmp/o1 2>&1
is "$?" 1 "an open whose notify-info command fails is refused"
dmesg_since_mark | grep -m1 'notify address' | sed 's/^/# /'
vfio-client $DEV1 $IOMEM read bar0 0 4 > /tmp/o2
case "$(cat /tmp/o2)" in
ok?0x*) pass "the next open works" ;;
*) fail "the next open works" "got $(cat /tmp/o2 | tr '\n' ' ')" ;;
esac
