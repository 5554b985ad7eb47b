// gbe-channel-directions: parameters that may only send, or only
// receive, on a channel; the compiler holds them to it.
// After "Channel Directions" in Go by Example
// (https://gobyexample.com/channel-directions), by Mark McGranaghan and
// Eli Bendersky, CC BY 3.0: our own program, doing what the chapter's
// does and printing what it prints.
package main

import "fmt"

// doc:begin channel-directions
// ping may only send on pings: a receive from it would not compile.
func ping(pings chan<- string, msg string) {
	pings <- msg
}

// pong may only receive from pings and only send on pongs.
func pong(pings <-chan string, pongs chan<- string) {
	msg := <-pings
	pongs <- msg
}

func main() {
	pings := make(chan string, 1)
	pongs := make(chan string, 1)
	ping(pings, "passed message") // a chan string converts to either direction
	pong(pings, pongs)
	fmt.Println(<-pongs)
}
// doc:end channel-directions
// SPDX-License-Identifier: BSD-3-Clause
