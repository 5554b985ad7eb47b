// multiply: the primer's "Creating goroutines", as the primer has it.
//
// Completed: the primer shows DoMultiply and its two go statements as a
// fragment: no package, imports or main, and the copy lost DoMultiply's
// closing brace.  So the go statements go into a main, with the primer's
// comment on what they print.  A main that returned straight after them
// would end the program before either goroutine wakes up (the primer's
// next two sections say so), so main then sleeps for two seconds: long
// enough for both one-second goroutines, and nothing in the primer's
// lines changes for it.  (onesecond, the pattern demo beside this one,
// waits with a WaitGroup instead, which needs a Done in DoMultiply.)
//
// Ours, not the primer's: the knob at the bottom, for the tests
// (`multiply 100ms` makes each of the primer's seconds 100ms).
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin multiply
func DoMultiply(x,y int) {
	// Simulate some hard work
	time.Sleep(second * 1)
	fmt.Printf("Result: %d\n", x * y)
}

func main() {
	go DoMultiply(1,2) // first execution, non-blocking
	go DoMultiply(3,4) // second execution, also non-blocking

	// Results are printed after a single second only,
	// not 2 seconds because they execute concurrently:
	// Result: 2
	// Result: 12
	time.Sleep(second * 2)
}
// doc:end multiply

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
