#!/bin/sh
# Headless Chromium as the trace scripts run it: no sandbox (CI runs as
# root), no GPU, no network of its own, a fresh profile that is removed
# afterwards.  The arguments follow (--dump-dom, --screenshot=..., a URL).
#   scripts/chromium.sh ARGS...
set -e
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--hide-scrollbars --force-device-scale-factor=1 \
	--user-data-dir="$profile" "$@" 2>/dev/null
# SPDX-License-Identifier: BSD-3-Clause
