// gbe-channels: one value handed from a goroutine to main over a channel.
// After "Channels" in Go by Example (https://gobyexample.com/channels),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import "fmt"

// doc:begin channels
func main() {
	messages := make(chan string) // unbuffered: a send waits for its receiver

	go func() { messages <- "ping" }()

	msg := <-messages // waits here until the goroutine has sent
	fmt.Println(msg)
}
// doc:end channels
// SPDX-License-Identifier: BSD-3-Clause
