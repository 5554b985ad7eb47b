// gbe-closing-channels: closing a channel tells its receiver that no more jobs will come.
// After "Closing Channels" in Go by Example (https://gobyexample.com/closing-channels),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import "fmt"

// doc:begin closing-channels
func main() {
	jobs := make(chan int, 5)
	done := make(chan bool)

	go func() {
		for {
			j, more := <-jobs // more is false once jobs is closed and empty
			if !more {
				fmt.Println("received all jobs")
				done <- true
				return
			}
			fmt.Println("received job", j)
		}
	}()

	for j := 1; j <= 3; j++ {
		jobs <- j
		fmt.Println("sent job", j)
	}
	close(jobs)
	fmt.Println("sent all jobs")

	<-done // the worker has seen the close

	_, ok := <-jobs // and so does every receive from now on
	fmt.Println("received more jobs:", ok)
}
// doc:end closing-channels
// SPDX-License-Identifier: BSD-3-Clause
