"""The CEL specification's conformance cases (tests/cel_spec), run without redaction.

Where the engine decides (a value or an error) it must agree with the
specification. The pass count is pinned and the failures are listed by name:
a new failure fails this test, and so does a fixed one until the list and the
count are updated, so the number only goes up. Cases the engine declines
("undecided": a function or syntax it does not have, which it reports as
such) are neither passes nor failures.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conformance import Case, load_cases, run

PASS_COUNT = 864
KNOWN_FAILURES = {
    # Dotted variable names (`a.b.c` bound as one name): conditions never use them.
    "fields/qualified_identifier_resolution/qualified_ident",
    "fields/qualified_identifier_resolution/map_field_select",
    "fields/qualified_identifier_resolution/qualified_identifier_resolution_unchecked",
    "fields/qualified_identifier_resolution/ident_with_longest_prefix_check",
    # Nanoseconds: cel-python's timestamps and durations are Python's, microsecond-precise.
    "timestamps/timestamp_conversions/toString_timestamp_nanos",
    "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_negative",
    "timestamps/timestamp_arithmetic/add_time_to_duration_nanos_positive",
    "timestamps/timestamp_range/add_duration_nanos_over",
    "timestamps/timestamp_range/add_duration_nanos_under",
}
UNDECIDED = {
    "basic/functions/unbound",
    "fields/quoted_map_fields/field_access_slash",
    "fields/quoted_map_fields/field_access_dash",
    "fields/quoted_map_fields/field_access_dot",
    "fields/quoted_map_fields/has_field_slash",
    "fields/quoted_map_fields/has_field_dash",
    "fields/quoted_map_fields/has_field_dot",
}

CASES, NOT_APPLICABLE = load_cases()


@pytest.fixture(scope="module")
def results() -> dict[str, str]:
    return {case.name: run(case) for case in CASES}


def test_the_vendored_data_is_all_read() -> None:
    assert len(CASES) + len(NOT_APPLICABLE) == 954
    assert len(CASES) > 850


def test_failures_are_exactly_the_known_ones(results: dict[str, str]) -> None:
    failures = {name for name, result in results.items() if result == "fail"}
    assert sorted(failures - KNOWN_FAILURES) == [], "new conformance failures"
    assert sorted(KNOWN_FAILURES - failures) == [], (
        "fixed: remove these from KNOWN_FAILURES, raise PASS_COUNT"
    )


def test_pass_count_is_pinned(results: dict[str, str]) -> None:
    counts = Counter(results.values())
    assert counts["pass"] == PASS_COUNT
    assert {name for name, result in results.items() if result == "undecided"} == UNDECIDED


@pytest.mark.parametrize(
    "case",
    [Case("own/ordering", "1 < 1.5 && 2u > 1 && -1 < 1u", {}, None, False)],
    ids=lambda c: c.name,
)
def test_runner_can_fail(case: Case) -> None:
    assert run(case) == "fail"
