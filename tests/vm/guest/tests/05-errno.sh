# profiles/current write errors, in the order the ABI fixes (device closed).
. /tests/lib.sh

cur=$(vfio_dev $DEV1)/profiles/current
w() { sysfs-write $cur "$@"; }

is "$(w 'bogus\n')" "error EINVAL" "unknown name: EINVAL"
is "$(w 'NATIVE\n')" "error EINVAL" "names are case sensitive: EINVAL"
is "$(w '\n')" "error EINVAL" "a lone newline: EINVAL"
is "$(w '')" "ok 0" "an empty write never reaches the driver (sysfs returns 0)"
is "$(w -fill 4096 a)" "error EINVAL" "a 4 KiB write: EINVAL"
is "$(w -fill 8192 a)" "error EINVAL" "8 KiB (sysfs passes the first page): EINVAL"
is "$(w 'nat\0ive')" "error EINVAL" "an embedded NUL: EINVAL"
is "$(w 'native\0')" "error EINVAL" "a trailing NUL: EINVAL"
is "$(w ' native')" "error EINVAL" "leading space: EINVAL"
is "$(w 'native ')" "error EINVAL" "trailing space: EINVAL"
is "$(w '\tnative\n')" "error EINVAL" "leading tab: EINVAL"
is "$(w 'native\n\n')" "error EINVAL" "two newlines: EINVAL"
is "$(w 'native\r\n')" "error EINVAL" "CRLF: EINVAL"
is "$(w 'native')" "ok 6" "the current name without newline: success"
is "$(w 'native\n')" "ok 7" "the current name with newline: success"
is "$(w 'transitional\n')" "error EOPNOTSUPP" "a known profile not available here: EOPNOTSUPP"
is "$(cat $cur)" native "current is unchanged after every failed write"
