// gbe-non-blocking-channel-operations: select with a default case: try a send or receive without waiting.
// After "Non-Blocking Channel Operations" in Go by Example (https://gobyexample.com/non-blocking-channel-operations),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import "fmt"

// doc:begin non-blocking-channel-operations
func main() {
	messages := make(chan string)
	signals := make(chan bool)

	select { // nobody is sending: default, at once
	case msg := <-messages:
		fmt.Println("received message", msg)
	default:
		fmt.Println("no message received")
	}

	msg := "hi"
	select { // nobody is receiving on the unbuffered channel: default
	case messages <- msg:
		fmt.Println("sent message", msg)
	default:
		fmt.Println("no message sent")
	}

	select { // several cases and a default: still nothing is ready
	case msg := <-messages:
		fmt.Println("received message", msg)
	case sig := <-signals:
		fmt.Println("received signal", sig)
	default:
		fmt.Println("no activity")
	}
}
// doc:end non-blocking-channel-operations
// SPDX-License-Identifier: BSD-3-Clause
