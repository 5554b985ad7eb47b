// gbe-timers: a timer fires once; one that is stopped in time never fires.
// After "Timers" in Go by Example (https://gobyexample.com/timers),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin timers
func main() {
	timer1 := time.NewTimer(2 * second)
	<-timer1.C // waits the two seconds
	fmt.Println("Timer 1 fired")

	timer2 := time.NewTimer(second)
	go func() {
		<-timer2.C // never happens: the timer is stopped first
		fmt.Println("Timer 2 fired")
	}()
	if timer2.Stop() { // true: it had not fired yet
		fmt.Println("Timer 2 stopped")
	}

	time.Sleep(2 * second) // time enough for timer2 to have fired, had it not been stopped
}
// doc:end timers

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
