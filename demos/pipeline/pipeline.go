// pipeline: stages joined by channels.  gen sends numbers, sq squares
// them, main prints them; each stage closes its output when its input
// runs out, so the close flows down the pipeline.
// From "Go Concurrency Patterns: Pipelines and cancellation" (go.dev/blog/pipelines).
package main

import "fmt"

// doc:begin pipeline
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

func main() {
	for n := range sq(sq(gen(1, 2, 3, 4))) {
		fmt.Println(n)
	}
}
// doc:end pipeline
// SPDX-License-Identifier: BSD-3-Clause
