// poolbound: Rob Pike's daisy chain of "whispers": n goroutines, each
// waiting for its right neighbour before it can answer its left one, so
// all n are blocked at once.  Go parks a blocked goroutine without a
// thread, so n may be 100000.  In gothreads each blocked goroutine holds
// a thread: see README.md.  Usage: poolbound [n] (default 1000).
// From "Go Concurrency Patterns" (go.dev/talks/2012/concurrency.slide).
package main

import (
	"fmt"
	"os"
	"strconv"
)

// doc:begin poolbound
func whisper(left, right chan int) {
	left <- 1 + <-right
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	leftmost := make(chan int)
	right := leftmost
	left := leftmost
	for i := 0; i < n; i++ {
		right = make(chan int)
		go whisper(left, right)
		left = right
	}
	go func(c chan int) { c <- 1 }(right)
	fmt.Println(<-leftmost)
}
// doc:end poolbound
// SPDX-License-Identifier: BSD-3-Clause
