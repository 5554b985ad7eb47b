// closures: the primer's "Using closures with goroutines in a loop", as
// the primer has it: both of its ways to hand each goroutine its own val.
//
// Completed: the primer gives the two loops as fragments, and its copy
// lost their bodies after `go func(val interface{}) {` and
// `go func() {`.  The bodies are what the page it was copied from has,
// fmt.Println(val) and the closing lines.  The rest is ours, to make the
// fragments a program: a main holding both loops; values, which the
// primer never defines; and a sleep at the end, as in multiply, so that
// main does not return before the goroutines print.  values is a
// channel holding three strings, closed: ranging over it gives each
// value, which is what the primer's loops want (over a slice,
// `for val := range values` would give the indexes).  The first loop
// drains it, so the second gets a new one.
//
// Ours, not the primer's: the knob at the bottom, for the tests
// (`closures 100ms` makes the final second 100ms).
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin closures
func main() {
	values := newValues()
	for val := range values {
		go func(val interface{}) {
			fmt.Println(val)
		}(val)
	}

	values = newValues()
	for val := range values {
		val := val
		go func() {
			fmt.Println(val)
		}()
	}

	time.Sleep(second)
}

// newValues returns a channel holding "one", "two" and "three", closed.
func newValues() chan interface{} {
	values := make(chan interface{}, 3)
	values <- "one"
	values <- "two"
	values <- "three"
	close(values)
	return values
}
// doc:end closures

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
