// gbe-timeouts: select on a result and on time.After: whichever comes first wins.
// After "Timeouts" in Go by Example (https://gobyexample.com/timeouts),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin timeouts
// slow sends msg on c after two seconds.  c has room for one value, so
// the send never waits, even when nobody is listening any more.
func slow(c chan string, msg string) {
	time.Sleep(2 * second)
	c <- msg
}

func main() {
	c1 := make(chan string, 1)
	go slow(c1, "result 1")
	select {
	case res := <-c1:
		fmt.Println(res)
	case <-time.After(second): // one second is not enough
		fmt.Println("timeout 1")
	}

	c2 := make(chan string, 1)
	go slow(c2, "result 2")
	select {
	case res := <-c2:
		fmt.Println(res)
	case <-time.After(3 * second): // three seconds are
		fmt.Println("timeout 2")
	}
}
// doc:end timeouts

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
