/*
 * The gothreads test suite.  `build/gothreads_test` runs every suite;
 * `build/gothreads_test SUITE [TEST]` runs one suite or one test.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

int harness_run_child(const char *name);
void harness_init(const char *argv0);

/* One per tests/test_*.c file. */
void suites_chan(void);

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return harness_run_child(argv[2]);

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	harness_init(argv[0]);
	suites_chan();

	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (argc >= 2) {
		CU_pSuite s = CU_get_suite(argv[1]);
		if (s == NULL) {
			fprintf(stderr, "no suite %s\n", argv[1]);
			return 1;
		}
		if (argc >= 3) {
			CU_pTest t = CU_get_test(s, argv[2]);
			if (t == NULL) {
				fprintf(stderr, "no test %s in %s\n", argv[2], argv[1]);
				return 1;
			}
			CU_basic_run_test(s, t);
		} else {
			CU_basic_run_suite(s);
		}
	} else {
		CU_basic_run_tests();
	}
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
