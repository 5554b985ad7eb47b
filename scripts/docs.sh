#!/bin/bash
# Keeps the code and output samples in the docs true to the files they
# come from.
#   scripts/docs.sh           rewrite every sample in place
#   scripts/docs.sh --check   change nothing; fail, showing the diff, if a
#                             sample differs from its source (a test runs this)
#
# In docs/*.md and demos/*/README.md, a line
#     <!-- include: demos/hello/hello.c hello -->
# is followed by a fenced block holding the lines of demos/hello/hello.c
# between `// doc:begin hello` and `// doc:end hello` (marker lines of other
# regions inside it left out).  Without a region name the block holds the
# whole file, e.g. a demo's captured expected-output.  For the library's
# sources, which carry no markers, `struct:NAME` takes the definition from
# `struct NAME {` to `};` and `func:NAME` a function's definition from its
# first line to the closing `}` at column 0.  Paths are relative to the
# top of the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && check=1

render() {  # file.md: prints it with every included block regenerated
	awk -v md="$1" '
	function fail(msg) { printf "docs.sh: %s:%d: %s\n", md, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
	function emit(path, region,   line, on, found, lang, n, kind, name) {
		lang = path ~ /\.c$|\.h$/ ? "c" : path ~ /\.go$/ ? "go" : path ~ /\.sh$/ ? "sh" : "text"
		print "```" lang
		on = region == ""; found = on; n = 0
		if (region ~ /^(struct|func):/) {
			kind = substr(region, 1, index(region, ":") - 1); name = substr(region, index(region, ":") + 1)
			while ((getline line < path) > 0) {
				if (!on && kind == "struct" && line ~ ("^(typedef )?struct " name " \\{")) on = 1
				if (!on && kind == "func" && line ~ ("^[A-Za-z_].*[ *]" name "\\(") && line !~ /;$/) on = 1
				if (on) { print line; n++; found = 1 }
				if (on && (line ~ /^}/)) break
			}
			close(path)
			if (!found) fail("no " region " in " path)
			print "```"
			return
		}
		while ((getline line < path) > 0) {
			if (region != "" && line ~ ("^[ \t]*// doc:begin " region "[ \t]*$")) { on = 1; found = 1; continue }
			if (region != "" && line ~ ("^[ \t]*// doc:end " region "[ \t]*$")) { on = 0; continue }
			if (line ~ /^[ \t]*\/\/ doc:(begin|end) /) continue
			if (on) { print line; n++ }
		}
		close(path)
		if (!found) fail("no region " region " in " path)
		if (n == 0) fail("nothing to include from " path " " region)
		print "```"
	}
	skipping {
		if ($0 ~ /^```/ && fenced) { skipping = 0; fenced = 0; next }
		if (!fenced && $0 ~ /^```/) { fenced = 1; next }
		if (fenced) next
		skipping = 0
	}
	/^<!-- include: [^ ]+( [^ ]+)? -->$/ {
		print
		path = $3; region = ($4 == "-->") ? "" : $4
		if ((getline probe < path) < 0) fail("cannot read " path)
		close(path)
		emit(path, region)
		skipping = 1; fenced = 0
		next
	}
	{ print }
	' "$1"
}

status=0
for md in docs/*.md demos/*/README.md; do
	[ -f "$md" ] || continue
	grep -q '^<!-- include: ' "$md" || continue
	new=$(mktemp)
	if ! render "$md" > "$new"; then status=1; rm -f "$new"; continue; fi
	if cmp -s "$md" "$new"; then
		rm -f "$new"
	elif [ $check -eq 1 ]; then
		echo "docs.sh: $md is out of date with its sources (run scripts/docs.sh):"
		diff -u "$md" "$new" | head -40 || true
		rm -f "$new"; status=1
	else
		cat "$new" > "$md"; rm -f "$new"
		echo "docs.sh: updated $md"
	fi
done
exit $status
# SPDX-License-Identifier: BSD-3-Clause
