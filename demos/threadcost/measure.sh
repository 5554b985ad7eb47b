#!/bin/bash
# Captures the figures docs/threads-vs-goroutines.md quotes into
# demos/threadcost/measured.txt.  Run from the top of the checkout after
# `make demos`:   demos/threadcost/measure.sh [BUILD] [N]
set -u
b=${1:-build} n=${2:-10000}
out=demos/threadcost/measured.txt
go build -o "${TMPDIR:-/tmp}/threadcost-go" demos/threadcost/threadcost.go || exit 1
{
	echo "# $(nproc) CPUs, $(uname -sr), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)"
	echo "\$ build/demos/threadcost/threadcost $n mem      # C, gothreads"
	"$b/demos/threadcost/threadcost" "$n" mem 2>&1
	echo "\$ go run demos/threadcost/threadcost.go $n mem  # Go"
	"${TMPDIR:-/tmp}/threadcost-go" "$n" mem 2>&1
	echo "\$ GOTHREADS_STACKSIZE=64K build/demos/threadcost/threadcost $n mem"
	GOTHREADS_STACKSIZE=64K "$b/demos/threadcost/threadcost" "$n" mem 2>&1
} > $out
rm -f "${TMPDIR:-/tmp}/threadcost-go"
cat $out
# SPDX-License-Identifier: BSD-3-Clause
