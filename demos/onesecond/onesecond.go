// onesecond: two goroutines that each take a second finish together,
// after about one second, not two.
package main

import (
	"fmt"
	"sync"
	"time"
)

var wg sync.WaitGroup

// doc:begin onesecond
func DoMultiply(x, y int) {
	defer wg.Done()
	time.Sleep(time.Second) // a second of "work"
	fmt.Printf("%d * %d = %d\n", x, y, x*y)
}

func main() {
	start := time.Now()
	wg.Add(2)
	go DoMultiply(1, 2)
	go DoMultiply(3, 4)
	wg.Wait()
	fmt.Println("elapsed:", time.Since(start))
}
// doc:end onesecond
// SPDX-License-Identifier: BSD-3-Clause
