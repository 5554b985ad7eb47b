// The Go program that labs/09-ratelimit/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 10)
	for i := 1; i <= 10; i++ {
		requests <- i
	}
	close(requests)
	limiter := time.NewTicker(20 * time.Millisecond)
	defer limiter.Stop()
	for req := range requests {
		<-limiter.C // blocks until the next tick
		fmt.Println("request", req)
	}
}
// SPDX-License-Identifier: BSD-3-Clause
