#!/bin/sh
# Makes sure what a make target needs is installed: installs it with apt-get
# when we are root (or have password-less sudo), else says how.
#   scripts/deps.sh cunit | libdw | valgrind | go | cxx | scdoc | man | chromium
set -e
for dep in "$@"; do
	case "$dep" in
	cunit)    pkg=libcunit1-dev; have() { [ -f /usr/include/CUnit/CUnit.h ]; } ;;
	libdw)    pkg="libdw-dev pkg-config"; have() { pkg-config --exists libdw 2>/dev/null; } ;;
	valgrind) pkg=valgrind;      have() { command -v valgrind >/dev/null && [ -f /usr/include/valgrind/helgrind.h ]; } ;;
	go)       pkg=golang-go;     have() { command -v go >/dev/null; } ;;
	cxx)      pkg=g++;           have() { command -v "${CXX:-c++}" >/dev/null; } ;;
	scdoc)    pkg=scdoc;         have() { command -v scdoc >/dev/null; } ;;
	man)      pkg=man-db;        have() { command -v man >/dev/null; } ;;
	chromium) pkg=chromium;      have() { command -v chromium >/dev/null; } ;;
	*) echo "deps.sh: unknown dependency $dep" >&2; exit 2 ;;
	esac
	have && continue
	if [ "$(id -u)" = 0 ]; then sudo=""
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"
	else
		echo "gothreads needs $pkg. Install it with:  sudo apt-get install $pkg" >&2
		exit 1
	fi
	echo "Installing $pkg ..." >&2
	$sudo apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $pkg >/dev/null
	have || { echo "deps.sh: $pkg did not install" >&2; exit 1; }
done
# SPDX-License-Identifier: BSD-3-Clause
