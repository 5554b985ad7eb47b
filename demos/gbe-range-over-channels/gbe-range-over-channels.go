// gbe-range-over-channels: for ... range receives until the channel is closed and drained.
// After "Range over Channels" in Go by Example (https://gobyexample.com/range-over-channels),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import "fmt"

// doc:begin range-over-channels
func main() {
	queue := make(chan string, 2)
	queue <- "one"
	queue <- "two"
	close(queue) // closed, but its two values can still be received

	for elem := range queue {
		fmt.Println(elem)
	}
}
// doc:end range-over-channels
// SPDX-License-Identifier: BSD-3-Clause
