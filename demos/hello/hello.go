// hello: the primer's "Hello World Goroutine", as the primer has it.
//
// Completed: the primer's copy lost the goroutine's first line,
// time.Sleep(time.Second), and the closing lines }() and }.  Its own
// text names the sleep ("The time.Sleep is here to illustrate main()
// function will wait on the ch channel"), and the page it was copied
// from has it there, so that is where it goes.
//
// Ours, not the primer's: the knob below, for the tests (`hello 10ms`
// makes the primer's second 10ms).  With no argument this is the
// primer's program.
package main

import "fmt"
import "time"

import "log" // for the knob
import "os"  // for the knob

// doc:begin hello
func main() {
	// create new channel of type string
	ch := make(chan string)

	// start new anonymous goroutine
	go func() {
		time.Sleep(second)
		// send "Hello World" to channel
		ch <- "Hello World"
	}()
	// read from channel
	msg, ok := <-ch
	fmt.Printf("msg='%s', ok='%v'\n", msg, ok)
}
// doc:end hello

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
