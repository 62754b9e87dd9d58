"""The CEL specification's conformance cases (tests/cel_spec), run without redaction.

Where the engine decides (a value or an error) it must agree with the
specification. The pass count is pinned and the failures (none now) are listed by name:
a new failure fails this test, and so does a fixed one until the list and the
count are updated, so the number only goes up. Cases the engine declines
("undecided": a function or syntax it does not have, which it reports as
such) are neither passes nor failures.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conformance import Case, load_cases, run

PASS_COUNT = 1085
KNOWN_FAILURES: set[str] = set()
UNDECIDED = {
    "basic/functions/unbound",
    # Backtick-quoted field names: cel-python's grammar cannot parse them.
    "fields/quoted_map_fields/field_access_slash",
    "fields/quoted_map_fields/field_access_dash",
    "fields/quoted_map_fields/field_access_dot",
    "fields/quoted_map_fields/has_field_slash",
    "fields/quoted_map_fields/has_field_dash",
    "fields/quoted_map_fields/has_field_dot",
    # Times finer than a microsecond: declined, never rounded.
    "timestamps/timestamp_conversions/toString_timestamp_nanos",
    "timestamps/timestamp_selectors/getMilliseconds",
    "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_negative",
    "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_positive",
    "timestamps/timestamp_range/add_duration_nanos_over",
    "timestamps/timestamp_range/add_duration_nanos_under",
}
UNDECIDED_FILES = {
    "macros2",  # two-variable comprehensions, all of it
    "optionals",  # optional values and syntax, all of it
}
FILES = {
    "basic", "comparisons", "conversions", "dynamic", "fields", "fp_math", "integer_math",
    "lists", "logic", "macros", "macros2", "namespace", "optionals", "parse", "plumbing",
    "string", "timestamps",
}  # fmt: skip

CASES, NOT_APPLICABLE = load_cases()


@pytest.fixture(scope="module")
def results() -> dict[str, str]:
    return {case.name: run(case) for case in CASES}


def test_the_vendored_data_is_all_read() -> None:
    assert {name.split("/")[0] for name in [c.name for c in CASES] + NOT_APPLICABLE} == FILES
    assert len(CASES) + len(NOT_APPLICABLE) == 1534
    assert len(CASES) == 1203


def test_failures_are_exactly_the_known_ones(results: dict[str, str]) -> None:
    failures = {name for name, result in results.items() if result == "fail"}
    assert sorted(failures - KNOWN_FAILURES) == [], "new conformance failures"
    assert sorted(KNOWN_FAILURES - failures) == [], (
        "fixed: remove these from KNOWN_FAILURES, raise PASS_COUNT"
    )


def test_pass_count_is_pinned(results: dict[str, str]) -> None:
    counts = Counter(results.values())
    assert counts["pass"] == PASS_COUNT
    expected = UNDECIDED | {name for name in results if name.split("/")[0] in UNDECIDED_FILES}
    assert {name for name, result in results.items() if result == "undecided"} == expected


@pytest.mark.parametrize(
    "case",
    [Case("own/ordering", "1 < 1.5 && 2u > 1 && -1 < 1u", {}, None, False)],
    ids=lambda c: c.name,
)
def test_runner_can_fail(case: Case) -> None:
    assert run(case) == "fail"
