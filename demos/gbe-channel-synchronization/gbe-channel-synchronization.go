// gbe-channel-synchronization: main waits for a goroutine by receiving the value it sends when it is done.
// After "Channel Synchronization" in Go by Example (https://gobyexample.com/channel-synchronization),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin channel-synchronization
// work takes a while, then says on done that it has finished.
func work(done chan bool) {
	fmt.Print("working...")
	time.Sleep(second)
	fmt.Println("done")
	done <- true
}

func main() {
	done := make(chan bool, 1)
	go work(done)
	<-done // without this receive, main could end before work starts
}
// doc:end channel-synchronization

// second is one second, or the duration given as the first argument:
// the tests run this program with a shorter one.
var second = time.Second

func init() {
	if len(os.Args) > 1 {
		d, err := time.ParseDuration(os.Args[1])
		if err != nil {
			log.Fatal(err)
		}
		second = d
	}
}
// SPDX-License-Identifier: BSD-3-Clause
