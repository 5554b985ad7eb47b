// gbe-goroutines: a function run directly, then as goroutines beside main.
// After "Goroutines" in Go by Example (https://gobyexample.com/goroutines),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin goroutines
func count(from string) {
	for i := 0; i < 3; i++ {
		fmt.Println(from, ":", i)
	}
}

func main() {
	count("direct") // an ordinary call: all three lines come first

	go count("goroutine") // returns at once; count runs beside main

	go func(msg string) { // a function literal started the same way
		fmt.Println(msg)
	}("going")

	// Give both goroutines time to finish (a WaitGroup, in
	// gbe-waitgroups, is the sturdy way to wait).
	time.Sleep(second)
	fmt.Println("done")
}
// doc:end goroutines

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
