// A C++ course can use gothreads: the header is extern "C" and SELECT
// works without C's compound literals.  Built and run by scripts/abi-check.sh.
// SPDX-License-Identifier: BSD-3-Clause
#include <cstdio>
#include "gothreads.h"

static void ponger(void *arg)
{
	chan *c = static_cast<chan *>(arg);
	int n;
	while (chan_recv(c, &n))
		;
}

int main()
{
	chan *c = make_chan(int, 0);
	chan *never = make_chan(int, 0);
	go(ponger, c);
	int turns = 0;
	for (int i = 0; i < 3; i++) {
		bool ok;
		int zero = 0;
		switch (SELECT(&ok, send_case(c, &i), recv_case(never, &zero))) {
		case 0: turns++; break;
		case 1: std::printf("impossible\n"); break;
		}
	}
	chan_close(c);
	std::printf("ping pong %d\n", turns);
	return 0;
}
