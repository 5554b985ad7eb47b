// gbe-worker-pools: three workers share five jobs from one channel.
// After "Worker Pools" in Go by Example (https://gobyexample.com/worker-pools),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin worker-pools
// worker takes jobs until jobs is closed, sending each result on results.
func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		fmt.Println("worker", id, "started  job", j)
		time.Sleep(second) // an expensive job
		fmt.Println("worker", id, "finished job", j)
		results <- j * 2
	}
}

func main() {
	const numJobs = 5
	jobs := make(chan int, numJobs)
	results := make(chan int, numJobs)

	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results) // three workers, waiting for jobs
	}

	for j := 1; j <= numJobs; j++ {
		jobs <- j
	}
	close(jobs) // that is all: each worker's range ends once jobs is empty

	for a := 1; a <= numJobs; a++ {
		<-results // five results: every job is done (two seconds, not five)
	}
}
// doc:end worker-pools

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
