/*
 * A duration as text (lib/duration.c): Go's Duration.String and
 * time.ParseDuration, checked against Go's own tables.
 *
 * The tables are Go 1.19's src/time/time_test.go (durationTests,
 * parseDurationTests, parseDurationErrorTests, TestParseDurationRoundTrip).
 * Go's error test checks that the message contains the quoted input; here
 * each message is compared whole, with the text Go 1.19 prints for it
 * (go run of ParseDuration on each input).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Duration.String ---- */

/* Go's durationTests: d.String() is str, and (-d).String() is "-" + str. */
static void test_duration_string_matches_gos_table(void)
{
	static const struct {
		const char *str;
		duration d;
	} tests[] = {
		{ "0s", 0 },
		{ "1ns", 1 * Nanosecond },
		{ "1.1\u00b5s", 1100 * Nanosecond },
		{ "2.2ms", 2200 * Microsecond },
		{ "3.3s", 3300 * Millisecond },
		{ "4m5s", 4 * Minute + 5 * Second },
		{ "4m5.001s", 4 * Minute + 5001 * Millisecond },
		{ "5h6m7.001s", 5 * Hour + 6 * Minute + 7001 * Millisecond },
		{ "8m0.000000001s", 8 * Minute + 1 * Nanosecond },
		{ "2562047h47m16.854775807s", INT64_MAX },
		{ "-2562047h47m16.854775808s", INT64_MIN },
	};
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		char buf[DURATION_STRLEN], want[DURATION_STRLEN + 1];
		CU_ASSERT_STRING_EQUAL(duration_string(buf, sizeof buf, tests[i].d), tests[i].str);
		if (tests[i].d > 0) {
			snprintf(want, sizeof want, "-%s", tests[i].str);
			CU_ASSERT_STRING_EQUAL(duration_string(buf, sizeof buf, -tests[i].d), want);
		}
	}
}

/* Whole units print their zero lower units (2m0s, 1h0m0s), as fmt.Println(d) shows. */
static void test_duration_string_keeps_zero_minutes_and_seconds_below_the_largest_unit(void)
{
	static const struct {
		duration d;
		const char *str;   /* what Go 1.19 prints for each */
	} tests[] = {
		{ 1500 * Millisecond, "1.5s" },
		{ 2 * Minute, "2m0s" },
		{ 300 * Millisecond, "300ms" },
		{ Hour, "1h0m0s" },
		{ -1, "-1ns" },
		{ 999, "999ns" },
		{ 1000, "1\u00b5s" },
		{ 1001, "1.001\u00b5s" },
		{ 59 * Second, "59s" },
		{ Minute + 500 * Microsecond, "1m0.0005s" },
		{ 100 * Hour + 1, "100h0m0.000000001s" },
	};
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		char buf[DURATION_STRLEN];
		CU_ASSERT_STRING_EQUAL(duration_string(buf, sizeof buf, tests[i].d), tests[i].str);
	}
}

/* A buffer too small gets as much as fits, terminated, as snprintf does. */
static void test_duration_string_into_a_short_buffer_is_cut_and_terminated(void)
{
	char buf[4] = "xxx";
	CU_ASSERT_PTR_EQUAL(duration_string(buf, sizeof buf, 5 * Hour), buf);
	CU_ASSERT_STRING_EQUAL(buf, "5h0");
	CU_ASSERT_PTR_EQUAL(duration_string(buf, 0, Second), buf);
	CU_ASSERT_STRING_EQUAL(buf, "5h0");   /* n == 0: nothing written */
}

/* ---- ParseDuration ---- */

/* Go's parseDurationTests: each parses, with no error, to exactly its value. */
static void test_parse_duration_matches_gos_table(void)
{
	static const struct {
		const char *in;
		duration want;
	} tests[] = {
		/* simple */
		{ "0", 0 },
		{ "5s", 5 * Second },
		{ "30s", 30 * Second },
		{ "1478s", 1478 * Second },
		/* sign */
		{ "-5s", -5 * Second },
		{ "+5s", 5 * Second },
		{ "-0", 0 },
		{ "+0", 0 },
		/* decimal */
		{ "5.0s", 5 * Second },
		{ "5.6s", 5 * Second + 600 * Millisecond },
		{ "5.s", 5 * Second },
		{ ".5s", 500 * Millisecond },
		{ "1.0s", 1 * Second },
		{ "1.00s", 1 * Second },
		{ "1.004s", 1 * Second + 4 * Millisecond },
		{ "1.0040s", 1 * Second + 4 * Millisecond },
		{ "100.00100s", 100 * Second + 1 * Millisecond },
		/* different units */
		{ "10ns", 10 * Nanosecond },
		{ "11us", 11 * Microsecond },
		{ "12\u00b5s", 12 * Microsecond },   /* U+00B5 */
		{ "12\u03bcs", 12 * Microsecond },   /* U+03BC */
		{ "13ms", 13 * Millisecond },
		{ "14s", 14 * Second },
		{ "15m", 15 * Minute },
		{ "16h", 16 * Hour },
		/* composite durations */
		{ "3h30m", 3 * Hour + 30 * Minute },
		{ "10.5s4m", 4 * Minute + 10 * Second + 500 * Millisecond },
		{ "-2m3.4s", -(2 * Minute + 3 * Second + 400 * Millisecond) },
		{ "1h2m3s4ms5us6ns", 1 * Hour + 2 * Minute + 3 * Second + 4 * Millisecond +
		                     5 * Microsecond + 6 * Nanosecond },
		{ "39h9m14.425s", 39 * Hour + 9 * Minute + 14 * Second + 425 * Millisecond },
		/* large value */
		{ "52763797000ns", 52763797000 * Nanosecond },
		/* more than 9 digits after decimal point, see https://golang.org/issue/6617 */
		{ "0.3333333333333333333h", 20 * Minute },
		/* 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64 */
		{ "9007199254740993ns", ((INT64_C(1) << 53) + 1) * Nanosecond },
		/* largest duration that can be represented by int64 in nanoseconds */
		{ "9223372036854775807ns", INT64_MAX },
		{ "9223372036854775.807us", INT64_MAX },
		{ "9223372036s854ms775us807ns", INT64_MAX },
		{ "-9223372036854775808ns", INT64_MIN },
		{ "-9223372036854775.808us", INT64_MIN },
		{ "-9223372036s854ms775us808ns", INT64_MIN },
		/* largest negative round trip value, see https://golang.org/issue/48629 */
		{ "-2562047h47m16.854775808s", INT64_MIN },
		/* huge string; issue 15011. */
		{ "0.100000000000000000000h", 6 * Minute },
		/* This value tests the first overflow check in leadingFraction. */
		{ "0.830103483285477580700h", 49 * Minute + 48 * Second + 372539827 * Nanosecond },
	};
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		duration d = -12345;
		char err[128] = "";
		bool ok = duration_parse(tests[i].in, &d, err, sizeof err);
		CU_ASSERT_TRUE(ok);
		CU_ASSERT_EQUAL(d, tests[i].want);
		CU_ASSERT_STRING_EQUAL(err, "");
		if (!ok || d != tests[i].want)
			fprintf(stderr, "\nduration_parse(\"%s\") = %lld, %d (%s), want %lld\n", tests[i].in,
			        (long long)d, ok, err, (long long)tests[i].want);
	}
}

/* Go's parseDurationErrorTests, each with the whole message Go prints. */
static void test_parse_duration_errors_are_gos_messages(void)
{
	static const struct {
		const char *in, *err;
	} tests[] = {
		/* invalid */
		{ "", "time: invalid duration \"\"" },
		{ "3", "time: missing unit in duration \"3\"" },
		{ "-", "time: invalid duration \"-\"" },
		{ "s", "time: invalid duration \"s\"" },
		{ ".", "time: invalid duration \".\"" },
		{ "-.", "time: invalid duration \"-.\"" },
		{ ".s", "time: invalid duration \".s\"" },
		{ "+.s", "time: invalid duration \"+.s\"" },
		{ "1d", "time: unknown unit \"d\" in duration \"1d\"" },
		{ "\x85\x85", "time: invalid duration \"\\x85\\x85\"" },
		{ "\xff" "ff", "time: invalid duration \"\\xffff\"" },
		{ "hello \xff" "ff world", "time: invalid duration \"hello \\xffff world\"" },
		{ "\uFFFD", "time: invalid duration \"\\xef\\xbf\\xbd\"" },   /* utf8.RuneError */
		{ "\uFFFD hello \uFFFD world",
		  "time: invalid duration \"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\"" },
		/* overflow */
		{ "9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\"" },
		{ "9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"" },
		{ "-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"" },
		{ "9223372036854776us", "time: invalid duration \"9223372036854776us\"" },
		{ "3000000h", "time: invalid duration \"3000000h\"" },
		{ "9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"" },
		{ "9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"" },
		/* not in Go's table; the messages are what Go 1.19 prints */
		{ "1x.5", "time: unknown unit \"x\" in duration \"1x.5\"" },
		{ "1.5\"s", "time: unknown unit \"\\\"s\" in duration \"1.5\\\"s\"" },
		{ "1h\ts", "time: unknown unit \"h\\x09s\" in duration \"1h\\x09s\"" },
		{ "5s3", "time: missing unit in duration \"5s3\"" },
	};
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		duration d = 777;
		char err[128] = "";
		CU_ASSERT_FALSE(duration_parse(tests[i].in, &d, err, sizeof err));
		CU_ASSERT_EQUAL(d, 777);   /* untouched on error */
		CU_ASSERT_STRING_EQUAL(err, tests[i].err);
		CU_ASSERT_FALSE(duration_parse(tests[i].in, &d, NULL, 0));   /* no message wanted */
	}
}

/* A message longer than err is cut, terminated, as snprintf does. */
static void test_parse_duration_error_into_a_short_buffer_is_cut_and_terminated(void)
{
	duration d;
	char err[16];
	CU_ASSERT_FALSE(duration_parse("1d", &d, err, sizeof err));
	CU_ASSERT_STRING_EQUAL(err, "time: unknown u");
}

/* Go's TestParseDurationRoundTrip: the extremes and 100 random millisecond values. */
static void test_parse_duration_reads_back_what_string_writes(void)
{
	duration ends[] = { INT64_MAX, INT64_MIN };
	char buf[DURATION_STRLEN];
	duration d;
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_TRUE(duration_parse(duration_string(buf, sizeof buf, ends[i]), &d, NULL, 0));
		CU_ASSERT_EQUAL(d, ends[i]);
	}
	srand(48629);
	for (int i = 0; i < 100; i++) {
		/* Resolutions finer than milliseconds would round-trip imprecisely. */
		duration d0 = (duration)(rand() & 0x7fffffff) * Millisecond;
		CU_ASSERT_TRUE(duration_parse(duration_string(buf, sizeof buf, d0), &d, NULL, 0));
		CU_ASSERT_EQUAL(d, d0);
	}
}

void register_suites(void)
{
	ADD_SUITE("duration",
	          TEST(test_duration_string_matches_gos_table),
	          TEST(test_duration_string_keeps_zero_minutes_and_seconds_below_the_largest_unit),
	          TEST(test_duration_string_into_a_short_buffer_is_cut_and_terminated),
	          TEST(test_parse_duration_matches_gos_table),
	          TEST(test_parse_duration_errors_are_gos_messages),
	          TEST(test_parse_duration_error_into_a_short_buffer_is_cut_and_terminated),
	          TEST(test_parse_duration_reads_back_what_string_writes));
}
/* SPDX-License-Identifier: BSD-3-Clause */
