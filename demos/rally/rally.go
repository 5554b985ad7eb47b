// rally: a pinger and a ponger pass a ball over two unbuffered
// channels until Ctrl-C.  Usage: rally [turns [delay]]: stop after
// that many turns (default 0: play until interrupted), waiting delay
// (default 500ms) before each hit.
package main

import (
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"time"
)

// doc:begin rally-player
// player hits every ball that comes in back out; the one that plays the
// last turn reports on done instead.
func player(name string, in <-chan int, out chan<- int, done chan<- int, turns int, delay time.Duration) {
	for {
		ball := <-in // the ball is the number of turns played so far
		time.Sleep(delay)
		fmt.Println(name)
		ball++
		if ball == turns {
			done <- ball
			return
		}
		out <- ball
	}
}
// doc:end rally-player

// doc:begin rally-main
func main() {
	turns, delay := 0, 500*time.Millisecond
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil {
			log.Fatal(err)
		}
		turns = n
	}
	if len(os.Args) > 2 {
		d, err := time.ParseDuration(os.Args[2])
		if err != nil {
			log.Fatal(err)
		}
		delay = d
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt) // Ctrl-C now arrives here

	ping, pong := make(chan int), make(chan int)
	done := make(chan int)
	go player("ping", ping, pong, done, turns, delay)
	go player("pong", pong, ping, done, turns, delay)
	ping <- 0 // serve

	select {
	case <-interrupt:
		fmt.Println("interrupted: game over")
	case n := <-done:
		fmt.Printf("game over after %d turns\n", n)
	}
}
// doc:end rally-main
// SPDX-License-Identifier: BSD-3-Clause
