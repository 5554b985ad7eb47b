// gbe-select: select takes whichever of two channels is ready first.
// After "Select" in Go by Example (https://gobyexample.com/select),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin select
func main() {
	c1 := make(chan string)
	c2 := make(chan string)

	go func() {
		time.Sleep(second) // ready after one second
		c1 <- "one"
	}()
	go func() {
		time.Sleep(2 * second) // ready after two
		c2 <- "two"
	}()

	for n := 0; n < 2; n++ {
		select { // both goroutines wait together: two seconds in all, not three
		case msg := <-c1:
			fmt.Println("received", msg)
		case msg := <-c2:
			fmt.Println("received", msg)
		}
	}
}
// doc:end select

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
