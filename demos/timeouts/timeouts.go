// timeouts: select on a result and a timer; whichever is ready first wins.
// After "Timeouts" in Go by Example (gobyexample.com/timeouts), with
// shorter times.
package main

import (
	"fmt"
	"time"
)

// doc:begin timeouts
func slowCall(c chan<- string, msg string) {
	time.Sleep(200 * time.Millisecond)
	c <- msg // c has room for one: this never blocks, even if nobody waits
}

func main() {
	c1 := make(chan string, 1)
	go slowCall(c1, "result 1")
	select {
	case res := <-c1:
		fmt.Println(res)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("timeout 1")
	}

	c2 := make(chan string, 1)
	go slowCall(c2, "result 2")
	select {
	case res := <-c2:
		fmt.Println(res)
	case <-time.After(time.Second):
		fmt.Println("timeout 2")
	}
}
// doc:end timeouts
// SPDX-License-Identifier: BSD-3-Clause
