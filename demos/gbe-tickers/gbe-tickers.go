// gbe-tickers: a ticker ticks every half second until it is stopped.
// After "Tickers" in Go by Example (https://gobyexample.com/tickers), by
// Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program, doing
// what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin tickers
func main() {
	ticker := time.NewTicker(second / 2)
	done := make(chan bool)

	go func() {
		for {
			select {
			case <-done:
				return
			case t := <-ticker.C: // a value every half second, the time of the tick
				fmt.Println("Tick at", t)
			}
		}
	}()

	time.Sleep(second * 16 / 10) // long enough for three ticks
	ticker.Stop()                // no more ticks from now on
	done <- true
	fmt.Println("Ticker stopped")
}
// doc:end tickers

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
