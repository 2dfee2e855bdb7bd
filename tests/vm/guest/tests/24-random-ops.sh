# Random preads/pwrites of config space and BAR0, with random ioctls, in
# both profiles: every call returns, and the kernel stays sound (99-health
# checks dmesg for oopses, BUG, WARNING and hung tasks).
. /tests/lib.sh

set_profile $DEV1 transitional
out=$(vfio-client $DEV1 write config 4 2 0x3 random 50000 12345)
diag "transitional: $(echo $out)"
case "$out" in
*"accesses "*) pass "50000 random operations in transitional returned" ;;
*) fail "50000 random operations in transitional returned" "$out" ;;
esac
set_profile $DEV1 native
out=$(vfio-client $DEV1 write config 4 2 0x3 random 50000 54321)
diag "native: $(echo $out)"
case "$out" in
*"accesses "*) pass "50000 random operations in native returned" ;;
*) fail "50000 random operations in native returned" "$out" ;;
esac
set_profile $DEV1 transitional
is "$(vfio-client $DEV1 read config 0 4 write config 4 2 0x3 read bar0 0 4 | tr '\n' ' ')" \
   "0x10001af4 ok 0x10020 " "the device still works afterwards"
set_profile $DEV1 native
