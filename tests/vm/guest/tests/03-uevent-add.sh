# udev's view: profiles/ already exists when the vfio-dev add event arrives.
. /tests/lib.sh

unbind $DEV1
uevent-listen -r /tmp/ul.ready -n 1 -t 5000 -c profiles/current vfio-dev > /tmp/ul.out &
pid=$!
while [ ! -e /tmp/ul.ready ]; do usleep 10000; done
bind_to $DEV1 $OURS
wait $pid
case "$(cat /tmp/ul.out)" in
"add /devices/"*"/$DEV1/vfio-dev/vfio"*" present") pass "vfio-dev add event arrives with profiles/current present" ;;
*) fail "vfio-dev add event arrives with profiles/current present" "listener saw: $(cat /tmp/ul.out)" ;;
esac
rm -f /tmp/ul.ready
