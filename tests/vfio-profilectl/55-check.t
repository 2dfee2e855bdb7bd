#!/bin/bash
# check: drift of present devices against their effective definitions,
# each reason, exit status 5, JSON, and the Prometheus textfile (written
# atomically).
. "$(dirname "$0")/lib.sh"
sel_tree
SINCE="since: unknown (the kernel does not record when a profile was refused or changed)"

run check; expect 0 "no drift: 5 devices have their defined profile" "" "no definitions: no drift, exit 0"
add_sel pf-0000:10:00.0 native
run check; expect 0 "no drift: 5 devices have their defined profile" "" "definitions in force: exit 0"
run check -J
is "$(jq -c '[.devices, .drifted, .errors, .drift]' <<<"$OUT")" '[5,0,false,[]]' "check -J without drift"

# Each reason.
add_sel pf-0000:10:00.0 transitional
echo transitional >"$(vfio_dir vfio10)/profiles/current"     # in force
add_proc 4242 qemu-system-x86 /dev/vfio/32                    # 10:00.2 open
echo native >"$(vfio_dir vfio12)/profiles/available"          # 10:00.3 cannot
add_def 0000:10:00.5 transitional                             # unbound VF
add_pci 0000:30:00.0 vfio-pci 50                              # other driver
add_def 0000:30:00.0 native
add_def 0000:31:00.0 native                                   # absent: not judged
run check
expect 5 "DEVICE       CURRENT        WANTED         RULE             REASON       DETAIL
0000:10:00.2 native         transitional   pf-0000:10:00.0  open         open by qemu-system-x86 (pid 4242)
0000:10:00.3 native         transitional   pf-0000:10:00.0  unavailable  not available on this device (available: native)
0000:10:00.4 native         transitional   pf-0000:10:00.0  pending      closed and available, not applied yet (run 'vfio-profilectl apply 0000:10:00.4')
0000:10:00.5 -              transitional   0000:10:00.5     unbound      not bound to any driver
0000:30:00.0 -              native         0000:30:00.0     other_driver bound to vfio-pci, which has no profiles
5 of 7 devices drifted; $SINCE" "" "check: every reason, exit 5"
run check -J
is "$RC" 5 "check -J: exit 5"
is "$(jq -r '.drift[] | "\(.device) \(.current) \(.wanted) \(.rule_kind) \(.reason) \(.since)"' <<<"$OUT")" \
"0000:10:00.2 native transitional pf open null
0000:10:00.3 native transitional pf unavailable null
0000:10:00.4 native transitional pf pending null
0000:10:00.5 null transitional exact unbound null
0000:30:00.0 null native exact other_driver null" "check -J: drifted devices with their reasons"
is "$(jq -c '[.devices, .drifted, .errors, (.timestamp | type)]' <<<"$OUT")" '[7,5,false,"number"]' "check -J: counts"
is "$(stores)" "" "check never writes to the kernel"

# The textfile.
P=$TMP/textfile/vfio-profile.prom
mkdir -p "${P%/*}"
echo old >"$P"
run check --textfile "$P"
is "$RC" 5 "check --textfile: exit 5"
is "$(grep -v '^#' "$P" | grep -v timestamp)" 'vfio_profile_drift{device="0000:10:00.1"} 0
vfio_profile_drift{device="0000:10:00.2"} 1
vfio_profile_drift{device="0000:10:00.3"} 1
vfio_profile_drift{device="0000:10:00.4"} 1
vfio_profile_drift{device="0000:10:00.5"} 1
vfio_profile_drift{device="0000:30:00.0"} 1
vfio_profile_drift_info{device="0000:10:00.2",current="native",wanted="transitional",rule="pf-0000:10:00.0",reason="open"} 1
vfio_profile_drift_info{device="0000:10:00.3",current="native",wanted="transitional",rule="pf-0000:10:00.0",reason="unavailable"} 1
vfio_profile_drift_info{device="0000:10:00.4",current="native",wanted="transitional",rule="pf-0000:10:00.0",reason="pending"} 1
vfio_profile_drift_info{device="0000:10:00.5",current="",wanted="transitional",rule="0000:10:00.5",reason="unbound"} 1
vfio_profile_drift_info{device="0000:30:00.0",current="",wanted="native",rule="0000:30:00.0",reason="other_driver"} 1
vfio_profile_devices 7
vfio_profile_drifted_devices 5
vfio_profile_check_success 1' "textfile: gauges"
like "$(grep '^vfio_profile_check_timestamp_seconds' "$P")" '^vfio_profile_check_timestamp_seconds [0-9]{10}$' "textfile: timestamp"
is "$(grep -c '^# TYPE .* gauge$' "$P")" 6 "textfile: every metric has TYPE gauge"
is "$(stat -c %a "$P")" 644 "textfile: mode 0644 (the collector may run as another user)"
is "$(ls -A "${P%/*}")" "vfio-profile.prom" "textfile: replaced by rename, no temp file left"
# Prometheus's own checker (Debian's, extracted into the cache): in CI its
# absence is a failure, elsewhere a skip that says why.
if promtool=$(bash "$T_DIR/fetch-promtool.sh"); then
	out=$("$promtool" check metrics <"$P" 2>&1); ok $? "promtool check metrics accepts the textfile"
	[ -z "$out" ] || diag <<<"$out"
elif [ -n "${CI:-}" ]; then
	fail "promtool check metrics: no promtool (tests/vfio-profilectl/fetch-promtool.sh failed)"
else
	skip "no promtool (fetch-promtool.sh could not get Debian's prometheus package)"
fi

# The textfile is replaced atomically: a failed write keeps the old one.
cp "$P" "$TMP/prev.prom"
chmod 555 "${P%/*}"
if [ "$(id -u)" = 0 ]; then
	ERR=$(as_nobody --root "$R" check --textfile "$P" 2>&1 >/dev/null); RC=$?
else
	run check --textfile "$P"
fi
is "$RC" 1 "textfile in a directory we cannot write: exit 1"
like "$ERR" "cannot write textfile '.*vfio-profile.prom': permission denied \(root is needed\)" "...named, with the cause"
cmp -s "$P" "$TMP/prev.prom"; ok $? "...the previous textfile is intact"
chmod 755 "${P%/*}"
run check --textfile "$TMP/nodir/x.prom"
is "$RC" 1 "textfile in a missing directory: exit 1"
is "$ERR" "vfio-profilectl: cannot write textfile '$TMP/nodir/x.prom': No such file or directory" "...says so"

# A definition that cannot be read: exit 1, success 0.
printf 'profile=native\nfoo=1\n' >"$(def_file 0000:10:00.5)"
run check --textfile "$P"
is "$RC" 1 "a corrupt definition: exit 1 (error beats drift)"
is "$ERR" "vfio-profilectl: /etc/vfio-profile.d/pci-0000:10:00.5:2: unknown key 'foo'" "...the file is named"
is "$(grep '^vfio_profile_check_success' "$P")" "vfio_profile_check_success 0" "...textfile: check_success 0"

# Back to no drift.
rm -f "$R"/etc/vfio-profile.d/pci-* "$R/proc/4242" -r
echo "native transitional" >"$(vfio_dir vfio12)/profiles/available"
run apply --all; expect 0 "" "" "apply --all"
run check; expect 0 "no drift: 5 devices have their defined profile" "" "after apply: no drift, exit 0"

# default_profile is no definition: shown as the rule, never drift.
mkdir -p "$R/sys/module/vfio_profile/parameters"
echo transitional >"$R/sys/module/vfio_profile/parameters/default_profile"
run list -J
is "$(jq -r '.devices[] | select(.device == "0000:20:00.0") | "\(.defined) \(.rule) \(.rule_kind)"' <<<"$OUT")" \
   "transitional default_profile default_profile" "list: default_profile shown as the rule"
run check; expect 0 "no drift: 5 devices have their defined profile" "" "check: default_profile is not drift"
rm -r "$R/sys/module"

# Usage.
run check extra; expect 2 "" "vfio-profilectl: check: expected no arguments (see 'vfio-profilectl --help')" "check takes no arguments"
run list --textfile x; expect 2 "" "vfio-profilectl: --textfile only goes with check, not 'list' (see 'vfio-profilectl --help')" "--textfile only with check"
run check --textfile ''; expect 2 "" "vfio-profilectl: --textfile is empty (give a file name) (see 'vfio-profilectl --help')" "empty --textfile"
done_testing
