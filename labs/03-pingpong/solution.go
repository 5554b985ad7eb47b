// The Go program that labs/03-pingpong/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
)

func player(name string, in <-chan int, out chan<- int, done chan<- int) {
	for ball := range in {
		if ball == 10 {
			done <- ball
			return
		}
		fmt.Println(name, ball)
		out <- ball + 1 // unbuffered: waits until the other player has it
	}
}

func main() {
	toping, topong, done := make(chan int), make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); player("ping", toping, topong, done) }()
	go func() { defer wg.Done(); player("pong", topong, toping, done) }()
	toping <- 0
	<-done
	close(toping)
	close(topong)
	wg.Wait()
}
// SPDX-License-Identifier: BSD-3-Clause
