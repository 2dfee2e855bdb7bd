# Config space of a real VF in both profiles: the same checks as the
# simulated tier (tests/tests/21-transitional-config.sh), on $DEV1 = VF 1.
diag "config space checks on the real VF $(cut -d' ' -f1 /run/devs)"
. /tests/tests/21-transitional-config.sh
