/*
 * Go's time.Duration as text, for the demos: duration_parse() reads what
 * time.ParseDuration reads ("1.5s", "100ms", "1m30s"), duration_string()
 * writes what Duration.String writes ("1.000523114s", "250ms").  Each
 * demo that reads or prints a duration includes this, so its C twin
 * takes the same arguments and prints the same text as the Go original.
 */
#ifndef DEMOS_DURATION_H
#define DEMOS_DURATION_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gothreads.h"

/* Writes v / 10^prec with its trailing zeros cut, then unit: "1.5ms". */
static inline int duration_frac_(char *buf, size_t n, unsigned long long v, int prec,
                                 const char *unit)
{
	unsigned long long p = 1;
	for (int i = 0; i < prec; i++)
		p *= 10;
	if (v % p == 0)
		return snprintf(buf, n, "%llu%s", v / p, unit);
	char frac[24];
	int k = prec < 19 ? prec : 19;
	unsigned long long f = v % p;
	for (int i = k - 1; i >= 0; i--, f /= 10)
		frac[i] = (char)('0' + f % 10);
	while (k > 0 && frac[k - 1] == '0')
		k--;
	frac[k] = '\0';
	return snprintf(buf, n, "%llu.%s%s", v / p, frac, unit);
}

/* d.String(): returns buf. */
static inline char *duration_string(char *buf, size_t n, duration d)
{
	const char *sign = d < 0 ? "-" : "";
	unsigned long long u = d < 0 ? -(unsigned long long)d : (unsigned long long)d;
	char body[48];
	if (u == 0)
		snprintf(body, sizeof body, "0s");
	else if (u < 1000)
		snprintf(body, sizeof body, "%lluns", u);
	else if (u < 1000000)
		duration_frac_(body, sizeof body, u, 3, "\u00b5s");
	else if (u < 1000000000)
		duration_frac_(body, sizeof body, u, 6, "ms");
	else {
		unsigned long long h = u / 3600000000000ULL, m = u / 60000000000ULL % 60;
		unsigned long long s = u % 60000000000ULL;
		int k = 0;
		if (h)
			k = snprintf(body, sizeof body, "%lluh%llum", h, m);
		else if (m)
			k = snprintf(body, sizeof body, "%llum", m);
		duration_frac_(body + k, sizeof body - k, s, 9, "s");
	}
	snprintf(buf, n, "%s%s", sign, body);
	return buf;
}

/* time.ParseDuration(s): false if s is not a duration. */
static inline bool duration_parse(const char *s, duration *d)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "\u00b5s", 1e3 }, { "ms", 1e6 },
		{ "s", 1e9 }, { "m", 60e9 }, { "h", 3600e9 },
	};
	double total = 0;
	bool neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (strcmp(s, "0") == 0) {
		*d = 0;
		return true;
	}
	if (*s == '\0')
		return false;
	while (*s) {
		char *end;
		double v = strtod(s, &end);
		if (end == s || *end == '\0')
			return false;   /* a number with no unit */
		size_t best = 0, len = 0;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t l = strlen(units[i].unit);
			if (strncmp(end, units[i].unit, l) == 0 && l > len) {
				best = i;
				len = l;
			}
		}
		if (len == 0)
			return false;
		total += v * units[best].ns;
		s = end + len;
	}
	*d = (duration)(neg ? -total : total);
	return true;
}

/*
 * The knob of the Go by Example twins: argv[i] read as a duration if there
 * is one, else def.  A bad one stops the program with exit status 1, as
 * Go's log.Fatal does.
 */
static inline duration duration_arg(int argc, char **argv, int i, duration def)
{
	duration d = def;
	if (argc > i && !duration_parse(argv[i], &d)) {
		fprintf(stderr, "time: invalid duration \"%s\"\n", argv[i]);
		exit(1);
	}
	return d;
}

#endif
