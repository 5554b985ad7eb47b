// waitgroup: main waits for ten goroutines with a sync.WaitGroup.
package main

import (
	"fmt"
	"sync"
)

// doc:begin waitgroup
func routine(i int, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Printf("routine %d finished\n", i)
}

func main() {
	var wg sync.WaitGroup
	wg.Add(10) // before any goroutine starts: Wait cannot miss one
	for i := 0; i < 10; i++ {
		go routine(i, &wg)
	}
	wg.Wait()
	fmt.Println("main finished")
}
// doc:end waitgroup
