// stopwork: stop a group of goroutines by closing one channel, then wait
// for them all with a WaitGroup.  Usage: stopwork [wait], e.g. 100ms
// (default 5s): how long the goroutines run before main stops them.
package main

import (
	"log"
	"os"
	"sync"
	"time"
)

// doc:begin stopwork
func worker(i int, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	log.Printf("started goroutine %d", i)
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-stop: // closed: every receive succeeds at once
			return
		case <-ticker.C:
			// a tick of work would go here
		}
	}
}

func main() {
	wait := 5 * time.Second
	if len(os.Args) > 1 {
		d, err := time.ParseDuration(os.Args[1])
		if err != nil {
			log.Fatal(err)
		}
		wait = d
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go worker(i, stop, &wg)
	}
	time.Sleep(wait)
	log.Println("stopping goroutines")
	close(stop) // one close reaches every goroutine
	wg.Wait()
	log.Println("all goroutines stopped")
}
// doc:end stopwork
// SPDX-License-Identifier: BSD-3-Clause
