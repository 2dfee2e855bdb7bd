# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the scripts that fetch Debian packages (sourced; bash; the
# caller defines say()).  The host's apt configuration is only ever read:
# other suites go through a private configuration (private_apt_opts).

# apt_update: the host's "apt-get update", at most once per run.
apt_updated=
apt_update() {
	[[ -n $apt_updated ]] && return
	say "apt-get update"
	apt-get update -q >&2
	apt_updated=1
}

# install_missing PACKAGE...: install, from the host's own sources, those
# not installed yet, so that a run with everything present stays offline.
install_missing() {
	local p missing=()

	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	((${#missing[@]})) || return 0
	if [[ $(id -u) != 0 ]]; then
		say "error: missing packages (install them as root): ${missing[*]}"
		return 1
	fi
	apt_update
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2
}

# host_mirror_uri SUITE: the URI of the host's source (deb822 stanza or
# one-line entry) that lists SUITE, so that a private configuration uses the
# mirror the host already uses; nothing if there is none.
host_mirror_uri() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		uri=$(awk -v suite="$1" '
			function match_suite() { return s ~ ("(^|[[:space:]])" suite "([[:space:]]|$)") }
			/^[[:space:]]*$/ { if (u != "" && match_suite()) { print u; exit } u = ""; s = ""; next }
			/^URIs:/ { u = $2 }
			/^Suites:/ { s = $0; sub(/^Suites:/, "", s) }
			END { if (u != "" && match_suite()) print u }' "$f" | head -n1)
		if [[ -n $uri ]]; then
			echo "$uri"
			return
		fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		uri=$(awk -v suite="$1" '$1 == "deb" {
				i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == suite) { print $i; exit } }' "$f")
		if [[ -n $uri ]]; then
			echo "$uri"
			return
		fi
	done
}

# private_apt_opts DIR: set apt_opts to an apt configuration of its own in
# DIR (DIR/sources.list, lists and cache), never the host's.
private_apt_opts() {
	apt_opts=(-o "Dir::Etc::SourceList=$1/sources.list"
		  -o Dir::Etc::SourceParts=/dev/null
		  -o Dir::Etc::Preferences=/dev/null
		  -o Dir::Etc::PreferencesParts=/dev/null
		  -o "Dir::State::Lists=$1/lists"
		  -o "Dir::Cache=$1/cache")
	if [[ $(id -u) == 0 ]]; then
		apt_opts+=(-o APT::Sandbox::User=root)
	fi
}

# private_apt_lists DIR MAX_AGE < SOURCES: make SOURCES (read from stdin) the
# sources list of the private configuration in DIR and refresh its lists,
# with apt_opts as private_apt_opts DIR set them, when the sources changed
# or the lists are older than MAX_AGE seconds.  Fails if apt-get update does.
private_apt_lists() {
	local dir=$1 max_age=$2 stamp=$1/lists/.updated

	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	cat > "$dir/sources.list.new"
	if cmp -s "$dir/sources.list.new" "$dir/sources.list" && [[ -f $stamp ]] &&
	   (($(date +%s) - $(stat -c %Y "$stamp") < max_age)); then
		rm -f "$dir/sources.list.new"
		return 0
	fi
	mv "$dir/sources.list.new" "$dir/sources.list"
	say "apt-get update (private configuration in $dir)"
	apt-get "${apt_opts[@]}" update -q >&2 || return 1
	touch "$stamp"
}
