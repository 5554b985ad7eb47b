/*
 * sync/atomic: Go's typed atomics (atomic.Int32, Int64, Uint64, Bool,
 * Pointer), on C11 atomics.
 *
 * DESIGN
 * Go's memory model gives its atomics one order: "If the effect of an
 * atomic operation A is observed by atomic operation B, then A is
 * synchronized before B.  All the atomic operations executed in a program
 * behave as though executed in some sequentially consistent order."
 * That is C11's memory_order_seq_cst, the default of every atomic_*
 * function, so each operation here is one seq_cst C11 operation.
 *
 * ThreadSanitizer understands C11 atomics by itself.  helgrind and DRD do
 * not (shared/STYLE.md), so every operation also tells them what it
 * orders: a write (Store, Add, Swap, a CompareAndSwap) is a release,
 * HAPPENS_BEFORE(x) just before it, and every read (Load, Add, Swap,
 * CompareAndSwap) an acquire, HAPPENS_AFTER(x) just after it.  That is
 * slightly stronger than the truth for valgrind (a Load is ordered after
 * every earlier Store, not only the one it read), which can hide a race
 * but never reports one that is not there.  The atomic word itself is
 * read and written by several threads at once by design: valgrind is told
 * not to check it (UNCHECKED).  The functions are out of line so that the
 * public header needs no valgrind headers; a call costs a nanosecond.
 *
 * The zero value is ready to use, as Go's is: static or calloc'd atomics
 * need no initialiser, others take ATOMIC_INT64_INIT(v) & co or a Store.
 */
#include "runtime.h"

/* One function body per type: T is the C type, N the name part. */
#define ATOMIC_FUNCS(N, T)                                                     \
	T atomic_##N##_load(atomic_##N *x)                                     \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		T v = atomic_load(&x->v);                                      \
		HAPPENS_AFTER(x);                                              \
		return v;                                                      \
	}                                                                      \
	void atomic_##N##_store(atomic_##N *x, T v)                            \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		atomic_store(&x->v, v);                                        \
	}                                                                      \
	T atomic_##N##_swap(atomic_##N *x, T v)                                \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		T old = atomic_exchange(&x->v, v);                             \
		HAPPENS_AFTER(x);                                              \
		return old;                                                    \
	}                                                                      \
	bool atomic_##N##_cas(atomic_##N *x, T old, T new)                     \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		bool swapped = atomic_compare_exchange_strong(&x->v, &old, new); \
		HAPPENS_AFTER(x);                                              \
		return swapped;                                                \
	}

/* Add, for the integer types: returns the new value, as Go's Add does. */
#define ATOMIC_ADD(N, T)                                                       \
	T atomic_##N##_add(atomic_##N *x, T delta)                             \
	{                                                                      \
		UNCHECKED(&x->v);                                              \
		HAPPENS_BEFORE(x);                                             \
		T v = atomic_fetch_add(&x->v, delta) + delta;                  \
		HAPPENS_AFTER(x);                                              \
		return v;                                                      \
	}

ATOMIC_FUNCS(int32, int32_t)
ATOMIC_ADD(int32, int32_t)
ATOMIC_FUNCS(int64, int64_t)
ATOMIC_ADD(int64, int64_t)
ATOMIC_FUNCS(uint64, uint64_t)
ATOMIC_ADD(uint64, uint64_t)
ATOMIC_FUNCS(boolean, bool)
ATOMIC_FUNCS(pointer, void *)
