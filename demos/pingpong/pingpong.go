// pingpong: the primer's "Ping pong with two goroutines", as the primer
// has it: it plays until Ctrl-C.
//
// Completed: the primer's copy lost the import lines, the first three
// lines of each loop (the receive, the print, the one-second sleep),
// the sleep in main's loop, and the closing braces.  They are restored
// as the page the primer was copied from has them.
//
// Ours, not the primer's: the knobs, for the tests.  `pingpong 6 10ms`
// ends the game after 6 turns and makes each of the primer's seconds
// 10ms; the three lines marked "the knob" do that.  With no arguments
// (or a turn count of 0) this is the primer's program.
package main

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"time"
)

// doc:begin pingpong
// The pinger prints a ping and waits for a pong
func pinger(pinger <-chan int, ponger chan<- int) {
	for {
		<-pinger
		fmt.Println("ping")
		turn() // the knob
		time.Sleep(second)
		ponger <- 1
	}
}

// The ponger prints a pong and waits for a ping
func ponger(pinger chan<- int, ponger <-chan int) {
	for {
		<-ponger
		fmt.Println("pong")
		turn() // the knob
		time.Sleep(second)
		pinger <- 1
	}
}

func main() {
	ping := make(chan int)
	pong := make(chan int)

	go pinger(ping, pong)
	go ponger(ping, pong)

	// The main goroutine starts the ping/pong by sending into the ping channel
	ping <- 1

	waitForTurns() // the knob
	for {
		// Block the main thread until an interrupt
		time.Sleep(second)
	}
}
// doc:end pingpong

// doc:begin knob
// The knobs (ours): a turn count (0, the primer's game, plays for ever)
// and the primer's time.Second, or the two arguments.
var (
	turns  = 0
	second = time.Second
	played = 0 // turns played so far: only the player holding the ball touches it
	done   = make(chan int)
)

// turn counts a turn.  After the last one it reports on done and stops
// this player for good.
func turn() {
	played++
	if played == turns {
		done <- played
		select {}
	}
}

// waitForTurns returns at once if there is no turn count; otherwise it
// waits for the report of the last turn and ends the program.
func waitForTurns() {
	if turns > 0 {
		<-done
		os.Exit(0)
	}
}

func init() {
	var err error
	if len(os.Args) > 1 {
		if turns, err = strconv.Atoi(os.Args[1]); err != nil {
			log.Fatal(err)
		}
	}
	if len(os.Args) > 2 {
		if second, err = time.ParseDuration(os.Args[2]); err != nil {
			log.Fatal(err)
		}
	}
}
// doc:end knob
// SPDX-License-Identifier: CC-BY-SA-3.0
