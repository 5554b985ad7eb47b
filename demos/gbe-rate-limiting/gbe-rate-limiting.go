// gbe-rate-limiting: requests served at most one per tick, then with a
// burst of three allowed.
// After "Rate Limiting" in Go by Example
// (https://gobyexample.com/rate-limiting), by Mark McGranaghan and Eli
// Bendersky, CC BY 3.0: our own program, doing what the chapter's does
// and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin rate-limiting
func main() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)

	limiter := time.Tick(second / 5) // a tick every 200 milliseconds
	for req := range requests {
		<-limiter // one request per tick
		fmt.Println("request", req, time.Now())
	}

	burstyLimiter := make(chan time.Time, 3) // up to three requests at once
	for i := 0; i < 3; i++ {
		burstyLimiter <- time.Now() // the burst is available at the start
	}
	go func() {
		for t := range time.Tick(second / 5) {
			burstyLimiter <- t // then one more every 200 milliseconds
		}
	}()

	burstyRequests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		burstyRequests <- i
	}
	close(burstyRequests)
	for req := range burstyRequests {
		<-burstyLimiter // the first three at once, then one per tick
		fmt.Println("request", req, time.Now())
	}
}
// doc:end rate-limiting

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
