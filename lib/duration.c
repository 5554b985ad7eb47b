/*
 * A duration as text: Go's time.Duration.String and time.ParseDuration.
 *
 * DESIGN
 * Both follow Go's time package (time.go and format.go) rule for rule, so
 * that a C twin of a Go program reads the same arguments and prints the
 * same text, down to the errors:
 *
 *   - String writes the largest units first with no leading zero unit
 *     ("1h0m0s", "2m0s", "1.5s"), and below one second a single unit
 *     with a fraction ("300ms", "1.1µs", "7ns"); fractions lose their
 *     trailing zeros and "0s" is zero.  The digits are written from the
 *     right into a fixed buffer, as Go does: the longest text,
 *     "-2562047h47m16.854775808s", fits in 26 bytes.
 *   - ParseDuration reads a sign, then one or more decimal numbers, each
 *     with an optional fraction and a unit (ns, us, µs, μs, ms, s, m,
 *     h).  Whole parts are exact integers (never floating point, so
 *     "9007199254740993ns" stays exact); only the fraction goes through a
 *     double, as in Go.  Anything out of int64's range is an error, and
 *     each error is Go's own message.
 *
 * These live in their own file, not in time.c (timers and sleeping): one
 * idea per file.
 */
#include "runtime.h"

#include <string.h>

/* ---- Duration.String ---- */

/*
 * Writes the prec-digit fraction of v / 10^prec to the left of buf[w],
 * leaving out trailing zeros, and the point only if a digit was written
 * (Go's fmtFrac).  Returns the new w; *v becomes the whole part.
 */
static int fmtfrac(char *buf, int w, uint64_t *v, int prec)
{
	bool print = false;
	for (int i = 0; i < prec; i++) {
		int digit = (int)(*v % 10);
		print = print || digit != 0;
		if (print)
			buf[--w] = (char)('0' + digit);
		*v /= 10;
	}
	if (print)
		buf[--w] = '.';
	return w;
}

/* Writes v in decimal to the left of buf[w] (Go's fmtInt).  Returns the new w. */
static int fmtint(char *buf, int w, uint64_t v)
{
	do {
		buf[--w] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return w;
}

char *duration_string(char *buf, size_t n, duration d)
{
	char b[32];
	int w = sizeof b;
	b[--w] = '\0';
	uint64_t u = (uint64_t)d;
	bool neg = d < 0;
	if (neg)
		u = -u;   /* well defined for unsigned, also for INT64_MIN */
	if (u == 0) {
		b[--w] = 's';
		b[--w] = '0';
	} else if (u < (uint64_t)Second) {
		/* One unit, with a fraction: 1.5ms, 1.1µs, 7ns. */
		int prec;
		b[--w] = 's';
		if (u < (uint64_t)Microsecond) {
			prec = 0;
			b[--w] = 'n';
		} else if (u < (uint64_t)Millisecond) {
			prec = 3;
			w -= 2;
			memcpy(b + w, "\u00b5", 2);   /* µ, U+00B5, as Go writes it */
		} else {
			prec = 6;
			b[--w] = 'm';
		}
		w = fmtfrac(b, w, &u, prec);
		w = fmtint(b, w, u);
	} else {
		/* Seconds with a fraction, then whole minutes and hours: 1h2m3.5s. */
		b[--w] = 's';
		w = fmtfrac(b, w, &u, 9);
		w = fmtint(b, w, u % 60);
		u /= 60;
		if (u > 0) {
			b[--w] = 'm';
			w = fmtint(b, w, u % 60);
			u /= 60;
			if (u > 0) {
				b[--w] = 'h';
				w = fmtint(b, w, u);
			}
		}
	}
	if (neg)
		b[--w] = '-';
	if (n > 0)
		snprintf(buf, n, "%s", b + w);
	return buf;
}

/* ---- ParseDuration ---- */

#define OVER ((uint64_t)1 << 63)   /* one more than the largest duration */

/*
 * Go's time.quote: s in double quotes, each byte of a control character
 * or of a non-ASCII character (valid UTF-8 or not) written as \xHH, and
 * `"` and `\` escaped.  Appends the len bytes of s to out (size n, kept
 * terminated).
 */
static void quote(char *out, size_t n, const char *s, size_t len)
{
	size_t k = strlen(out);
#define PUT(c) do { if (k + 1 < n) { out[k++] = (c); out[k] = '\0'; } } while (0)
	static const char hex[] = "0123456789abcdef";
	PUT('"');
	for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + len; p++) {
		if (*p >= 0x80 || *p < ' ') {
			PUT('\\'); PUT('x'); PUT(hex[*p >> 4]); PUT(hex[*p & 15]);
		} else {
			if (*p == '"' || *p == '\\')
				PUT('\\');
			PUT((char)*p);
		}
	}
	PUT('"');
#undef PUT
}

/* Fills err (if given) with Go's message and returns false. */
static bool parsefail(char *err, size_t errsize, const char *what, const char *unit,
                      size_t unitlen, const char *orig)
{
	if (err == NULL || errsize == 0)
		return false;
	snprintf(err, errsize, "time: %s ", what);
	if (unit) {
		quote(err, errsize, unit, unitlen);
		size_t k = strlen(err);
		snprintf(err + k, errsize - k, " in duration ");
	}
	quote(err, errsize, orig, strlen(orig));
	return false;
}

#define INVALID() parsefail(err, errsize, "invalid duration", NULL, 0, orig)

static const struct {
	const char *name;
	uint64_t ns;
} units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "\u00b5s", 1000 }, { "\u03bcs", 1000 },
	{ "ms", 1000000 }, { "s", 1000000000 }, { "m", 60000000000 }, { "h", 3600000000000 },
};

static bool isdigitc(char c) { return c >= '0' && c <= '9'; }

bool duration_parse(const char *s, duration *d, char *err, size_t errsize)
{
	const char *orig = s;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (strcmp(s, "0") == 0) {
		*d = 0;
		return true;
	}
	if (*s == '\0')
		return INVALID();
	uint64_t total = 0;
	while (*s) {
		/* The next character must be a digit or a point. */
		if (*s != '.' && !isdigitc(*s))
			return INVALID();
		/* The whole part, exactly: more than 2^63 cannot be a duration. */
		const char *start = s;
		uint64_t v = 0;
		for (; isdigitc(*s); s++) {
			if (v > OVER / 10)
				return INVALID();
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > OVER)
				return INVALID();
		}
		bool pre = s != start, post = false;
		/* The fraction: digits past what 63 bits hold are ignored. */
		uint64_t f = 0;
		double scale = 1;
		if (*s == '.') {
			start = ++s;
			bool overflow = false;
			for (; isdigitc(*s); s++) {
				if (overflow)
					continue;
				if (f > (OVER - 1) / 10) {
					overflow = true;
					continue;
				}
				uint64_t y = f * 10 + (uint64_t)(*s - '0');
				if (y > OVER) {
					overflow = true;
					continue;
				}
				f = y;
				scale *= 10;
			}
			post = s != start;
		}
		if (!pre && !post)
			return INVALID();   /* "." or ".s": no digits at all */
		/* The unit: everything up to the next number. */
		start = s;
		while (*s && *s != '.' && !isdigitc(*s))
			s++;
		size_t len = (size_t)(s - start);
		if (len == 0)
			return parsefail(err, errsize, "missing unit in duration", NULL, 0, orig);
		uint64_t unit = 0;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strlen(units[i].name) == len && memcmp(units[i].name, start, len) == 0)
				unit = units[i].ns;
		if (unit == 0)
			return parsefail(err, errsize, "unknown unit", start, len, orig);
		if (v > OVER / unit)
			return INVALID();
		v *= unit;
		if (f > 0) {
			/* float64 is needed to be nanosecond accurate for fractions of hours. */
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > OVER)
				return INVALID();
		}
		total += v;
		if (total > OVER)
			return INVALID();
	}
	if (neg) {
		*d = (duration)(0 - total);   /* -2^63 included */
		return true;
	}
	if (total > OVER - 1)
		return INVALID();
	*d = (duration)total;
	return true;
}
/* SPDX-License-Identifier: BSD-3-Clause */
