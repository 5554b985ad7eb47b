// The Go program that labs/04-pipeline/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import "fmt"

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
		close(out) // in is closed and drained: so is out, then
	}()
	return out
}

func main() {
	for n := range sq(sq(gen(1, 2, 3, 4, 5))) {
		fmt.Println(n)
	}
}
// SPDX-License-Identifier: BSD-3-Clause
