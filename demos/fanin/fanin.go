// fanin: fan-out and fan-in.  Two sq workers read the same input channel
// (fan-out: each value goes to exactly one of them); merge joins their
// outputs into one channel (fan-in) and closes it when both are done.
// From "Go Concurrency Patterns: Pipelines and cancellation" (go.dev/blog/pipelines).
package main

import (
	"fmt"
	"sync"
)

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n
		}
		close(out)
	}()
	return out
}

// doc:begin merge
func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	output := func(c <-chan int) { // copies c's values to out until c is closed
		for n := range c {
			out <- n
		}
		wg.Done()
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c)
	}
	go func() { // closes out once every output goroutine is done
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	in := gen(1, 2, 3, 4, 5, 6)
	c1 := sq(in) // fan out: two workers share in
	c2 := sq(in)
	sum := 0
	for n := range merge(c1, c2) { // fan in
		fmt.Println(n)
		sum += n
	}
	fmt.Println("sum", sum)
}
// doc:end merge
// SPDX-License-Identifier: BSD-3-Clause
