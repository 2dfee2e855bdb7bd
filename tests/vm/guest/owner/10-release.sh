# The release build (no simulator compiled in) on real VFs: transitional is
# offered exactly where the PF serves the legacy registers.
. /tests/lib.sh
PF2VF=$(cat /run/pf2vf)

kmsg_mark
check "load the release build of our modules" load_ours_release
check "a release build has no simulated owner (no sim_owner parameter)" \
	test ! -e /sys/module/virtio_vfio_profile/parameters/sim_owner
for v in $(cat /run/devs); do
	check "bind VF $v to $OURS" bind_to $v $OURS
	is "$(cat $(vfio_dev $v)/profiles/available)" "native transitional" \
	   "VF $v of the admin-queue PF: native and transitional available"
	is "$(cat $(vfio_dev $v)/profiles/current)" native "VF $v: native until asked (opt-in)"
done
check "bind VF $PF2VF (PF without the admin queue)" bind_to $PF2VF $OURS
is "$(cat $(vfio_dev $PF2VF)/profiles/available)" native "VF $PF2VF: only native"
dmesg_since_mark > /tmp/dm
check "the log names the reason for $PF2VF" \
	grep -q "$PF2VF: transitional profile unavailable: the PF does not offer the legacy admin commands" /tmp/dm
is "$(sysfs-write $(vfio_dev $PF2VF)/profiles/current transitional)" "error EOPNOTSUPP" \
   "VF $PF2VF: transitional refused with EOPNOTSUPP"
check "unbind VF $PF2VF" unbind $PF2VF
