#!/bin/bash
# Writers are serialised with flock on /etc/vfio-profile.d/.lock: no
# definition is lost, file/configfs/current agree, a held lock blocks.
. "$(dirname "$0")/lib.sh"
mkroot
mk_configfs
devs=()
for i in $(seq 0 19); do
	bdf=$(printf '0000:10:%02x.0' "$i")
	add_pci "$bdf" virtio_vfio_profile $((100 + i))
	add_vfio "$bdf" "vfio$i" "native transitional" native
	devs+=("$bdf")
done

# 20 concurrent defines of different devices.
pids=()
for i in $(seq 0 19); do
	p=native; [ $((i % 2)) -eq 0 ] && p=transitional
	LD_PRELOAD=$SHIM "$VPC" --root "$R" define "${devs[$i]}" $p >"$TMP/c$i.out" 2>&1 &
	pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=1; done
ok $bad "20 concurrent defines all exit 0"
cat "$TMP"/c*.out | diag
missing=0
for i in $(seq 0 19); do
	p=native; [ $((i % 2)) -eq 0 ] && p=transitional
	f=$(def_file "${devs[$i]}")
	[ "$(cat "$f" 2>/dev/null)" = "profile=$p" ] || { missing=1; echo "bad: $f" | diag; }
	[ "$(cfs_of "${devs[$i]}")" = "$p" ] || { missing=1; echo "bad configfs: ${devs[$i]}" | diag; }
	[ "$(current_of "vfio$i")" = "$p" ] || { missing=1; echo "bad current: vfio$i" | diag; }
done
ok $missing "all 20 definitions present and valid, configfs and current match"
run list -J
is "$(printf '%s' "$OUT" | jq '[.devices[] | select(.defined != null)] | length')" 20 "list sees 20 definitions"
is "$(ls -A "$R/etc/vfio-profile.d" | grep -vc '^pci-')" 1 "only the lock file besides the definitions (no temp files)"

# 20 concurrent defines of one device: the three places agree at the end.
pids=()
for i in $(seq 0 19); do
	p=native; [ $((i % 2)) -eq 0 ] && p=transitional
	LD_PRELOAD=$SHIM "$VPC" --root "$R" define "${devs[0]}" $p >/dev/null 2>&1 &
	pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=1; done
ok $bad "20 concurrent defines of one device all exit 0"
f=$(cat "$(def_file "${devs[0]}")")
like "$f" '^profile=(native|transitional)$' "the file is valid"
is "$(cfs_of "${devs[0]}") $(current_of vfio0)" "${f#profile=} ${f#profile=}" "configfs and current agree with the file"

# A held lock blocks writers until it is released.
lock=$R/etc/vfio-profile.d/.lock
flock "$lock" sleep 3 &
holder=$!
for _ in $(seq 100); do flock -n "$lock" true || break; sleep 0.05; done
LD_PRELOAD=$SHIM "$VPC" --root "$R" define "${devs[1]}" transitional >"$TMP/blocked.out" 2>&1 &
writer=$!
sleep 1
kill -0 $writer 2>/dev/null; ok $? "define waits while another process holds the lock"
is "$(cat "$(def_file "${devs[1]}")")" "profile=native" "...and has not written yet"
wait $holder
wait $writer; ok $? "define completes after the lock is released"
is "$(cat "$(def_file "${devs[1]}")")" "profile=transitional" "...and wrote its definition"
# What a writer read before it got the lock is stale: it must look again.
echo native >"$(vfio_dir vfio2)/profiles/current"
flock "$lock" sleep 2 &
holder=$!
for _ in $(seq 100); do flock -n "$lock" true || break; sleep 0.05; done
LD_PRELOAD=$SHIM "$VPC" --root "$R" define "${devs[2]}" native >"$TMP/stale.out" 2>&1 &
writer=$!
sleep 0.5
echo transitional >"$(vfio_dir vfio2)/profiles/current"	# changed meanwhile (e.g. a plain set)
wait $holder
wait $writer; ok $? "define after waiting for the lock exits 0"
is "$(current_of vfio2)" native "...and applied, judging current after taking the lock"

# Readers do not take the lock.
flock "$lock" sleep 2 &
holder=$!
for _ in $(seq 100); do flock -n "$lock" true || break; sleep 0.05; done
timeout 1.5 env LD_PRELOAD=$SHIM "$VPC" --root "$R" list >/dev/null 2>&1
ok $? "list does not wait for the lock"
wait $holder

# A lock that is not released in time: one line naming the device, the
# lock and its holder (from /proc/locks), nothing changed (issue 13).
flock "$lock" sleep 5 &
holder=$!
for _ in $(seq 100); do flock -n "$lock" true || break; sleep 0.05; done
before=$(cat "$(def_file "${devs[3]}")")
VFIO_PROFILECTL_LOCK_TIMEOUT=1 run define "${devs[3]}" native
expect 1 "" "vfio-profilectl: ${devs[3]}: timed out after 1 s waiting for /etc/vfio-profile.d/.lock, held by another process (another vfio-profilectl?); nothing changed" "lock timeout names the device"
read -r maj min ino < <(stat -c '%Hd %Ld %i' "$lock")
add_proc "$holder" flock
printf '1: POSIX  ADVISORY  WRITE 1 00:01:1 0 EOF\n1: -> FLOCK  ADVISORY  WRITE 999 %02x:%02x:%d 0 EOF\n2: FLOCK  ADVISORY  WRITE %d %02x:%02x:%d 0 EOF\n' \
	"$maj" "$min" "$ino" "$holder" "$maj" "$min" "$ino" >"$R/proc/locks"
VFIO_PROFILECTL_LOCK_TIMEOUT=1 run undefine "${devs[3]}"
expect 1 "" "vfio-profilectl: ${devs[3]}: timed out after 1 s waiting for /etc/vfio-profile.d/.lock, held by flock (pid $holder); nothing changed" "...and the holder, from /proc/locks"
is "$(cat "$(def_file "${devs[3]}")")" "$before" "...the definition is untouched"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
done_testing
