// stopping: the primer's "Stopping goroutines", as the primer has it.
//
// Completed: the primer's copy lost the import lines, wg.Add(1) before
// each go statement (its comment above says the WaitGroup is incremented
// there), close(stopCh) after the sleep, wg.Wait() before the last log
// line, and the closing braces.  They are restored as the page the
// primer was copied from has them; nothing else is ours.
//
// Ours, not the primer's: the knob at the bottom, for the tests
// (`stopping 100ms` makes each of the primer's seconds 100ms).
package main

import (
	"log"
	"os"
	"sync"
	"time"
)

// doc:begin stopping
func main() {
	// The WaitGroup lets the main goroutine wait for all other goroutines
	// to terminate. However, this is no implicit in Go. The WaitGroup must
	// be explicitely incremented prior to the execution of any goroutine
	// (i.e. before the `go` keyword) and it must be decremented by calling
	// wg.Done() at the end of every goroutine (typically via the `defer` keyword).
	wg := sync.WaitGroup{}

	// The stop channel is an unbuffered channel that is closed when the main
	// thread wants all other goroutines to terminate (there is no way to
	// interrupt another goroutine in Go). Each goroutine must multiplex its
	// work with the stop channel to guarantee liveness.
	stopCh := make(chan struct{})

	for i := 0; i < 5; i++ {
		// It is important that the WaitGroup is incremented before we start
		// the goroutine (and not within the goroutine) because the scheduler
		// makes no guarantee that the goroutine starts execution prior to
		// the main goroutine calling wg.Wait().
		wg.Add(1)
		go func(i int, stopCh <-chan struct{}) {
			// The defer keyword guarantees that the WaitGroup count is
			// decremented when the goroutine exits.
			defer wg.Done()

			log.Printf("started goroutine %d", i)

			select {
			// Since we never send empty structs on this channel we can
			// take the return of a receive on the channel to mean that the
			// channel has been closed (recall that receive never blocks on
			// closed channels).
			case <-stopCh:
				log.Printf("stopped goroutine %d", i)
			}
		}(i, stopCh)
	}

	time.Sleep(second * 5)
	close(stopCh)
	log.Printf("stopping goroutines")
	wg.Wait()
	log.Printf("all goroutines stopped")
}
// doc:end stopping

// doc:begin knob
// The knob (ours): the primer's time.Second, or the duration given as
// the first argument.
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
// doc:end knob
// SPDX-License-Identifier: CC-BY-SA-3.0
