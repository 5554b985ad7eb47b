// waitgroup: the primer's "Waiting for goroutines", as the primer has it.
//
// Completed: the primer's copy lost the import lines ("fmt", "sync", and
// the closing parenthesis) and the closing braces of routine, of the for
// loop and of main.  Nothing else is ours.
package main

import (
	"fmt"
	"sync"
)

// doc:begin waitgroup
var wg sync.WaitGroup // 1

func routine(i int) {
	defer wg.Done() // 3
	fmt.Printf("routine %v finished\n", i)
}

func main() {
	wg.Add(10) // 2
	for i := 0; i < 10; i++ {
		go routine(i) // *
	}
	wg.Wait() // 4
	fmt.Println("main finished")
}
// doc:end waitgroup
// SPDX-License-Identifier: CC-BY-SA-3.0
