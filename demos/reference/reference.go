// reference: one small example of each construct that the other demos do
// not show; docs/go-to-c.md quotes it beside its C twin.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	// doc:begin numgoroutine
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	// doc:end numgoroutine

	// doc:begin buffered
	c := make(chan int, 3)
	c <- 1
	c <- 2
	fmt.Println("len", len(c), "cap", cap(c))
	close(c)
	for v := range c { // the buffered values first, then the loop ends
		fmt.Println("got", v)
	}
	v, ok := <-c
	fmt.Println("after close:", v, ok)
	// doc:end buffered

	// doc:begin nonblocking
	messages := make(chan string)
	select {
	case msg := <-messages:
		fmt.Println("received", msg)
	default:
		fmt.Println("no message received")
	}
	msg := "hi"
	select {
	case messages <- msg:
		fmt.Println("sent", msg)
	default:
		fmt.Println("no message sent")
	}
	// doc:end nonblocking

	// doc:begin timer
	timer := time.NewTimer(time.Hour)
	fmt.Println("stopped before it fired:", timer.Stop())
	ticker := time.NewTicker(10 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-ticker.C
		fmt.Println("tick", i)
	}
	ticker.Stop()
	// doc:end timer

	// doc:begin once
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	// doc:end once

	// doc:begin goexit
	done := make(chan bool)
	go func() {
		done <- true
		runtime.Goexit() // ends this goroutine, and only it
		fmt.Println("never printed")
	}()
	<-done
	fmt.Println("main goes on")
	// doc:end goexit
}
// SPDX-License-Identifier: BSD-3-Clause
