// workerpool: three workers take jobs from one channel and send results
// on another; when every worker is done, the results channel is closed.
// Five jobs of 100ms each take about 200ms, not 500ms.
// After "Worker Pools" in Go by Example (gobyexample.com/worker-pools).
package main

import (
	"fmt"
	"sync"
	"time"
)

type result struct {
	job, value int
}

// doc:begin workerpool
func worker(jobs <-chan int, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		time.Sleep(100 * time.Millisecond) // an expensive job
		results <- result{j, j * 2}
	}
}

func main() {
	const numJobs = 5
	jobs := make(chan int, numJobs)
	results := make(chan result, numJobs)
	var wg sync.WaitGroup
	wg.Add(3)
	for w := 1; w <= 3; w++ {
		go worker(jobs, results, &wg)
	}
	go func() { // once every worker is done, no more results can come
		wg.Wait()
		close(results)
	}()
	start := time.Now()
	for j := 1; j <= numJobs; j++ {
		jobs <- j
	}
	close(jobs) // no more jobs: each worker's range ends
	for r := range results {
		fmt.Printf("job %d: %d\n", r.job, r.value)
	}
	fmt.Println("elapsed:", time.Since(start).Round(100*time.Millisecond))
}
// doc:end workerpool
// SPDX-License-Identifier: BSD-3-Clause
