// gbe-channel-buffering: a buffered channel holds two values with nobody receiving yet.
// After "Channel Buffering" in Go by Example (https://gobyexample.com/channel-buffering),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import "fmt"

// doc:begin channel-buffering
func main() {
	queue := make(chan string, 2) // room for two values

	queue <- "buffered" // neither send waits: the buffer takes them
	queue <- "channel"

	fmt.Println(<-queue) // first in, first out
	fmt.Println(<-queue)
}
// doc:end channel-buffering
// SPDX-License-Identifier: BSD-3-Clause
