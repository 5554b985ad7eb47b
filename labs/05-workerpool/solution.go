// The Go program that labs/05-workerpool/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
	"time"
)

type result struct{ job, value int }

func process(j int) int {
	time.Sleep(20 * time.Millisecond)
	return j * j
}

func main() {
	jobs := make(chan int, 20)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j, process(j)}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for j := 1; j <= 20; j++ {
		jobs <- j
	}
	close(jobs)
	for r := range results {
		fmt.Printf("job %d: %d\n", r.job, r.value)
	}
}
// SPDX-License-Identifier: BSD-3-Clause
