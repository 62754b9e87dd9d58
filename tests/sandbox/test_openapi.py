"""Issue 12: the OpenAPI document says what the sandbox answers, and Schemathesis agrees.

The document declares every status of every operation with a real schema;
a bounded Schemathesis run (every operation, as each demo identity, with the
response-conformance checks on) finds nothing. The longer pass by hand and its
figures are in docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.config import SchemathesisConfig  # noqa: E402

CONFIG = Path(__file__).with_name("schemathesis.toml")
#: Per operation and identity (10 x 3 runs), so the run stays well under a minute.
EXAMPLES = 6
TOKENS = {"admin": "demo-admin", "reader": "demo-reader", "member": "demo-member"}
CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
    "positive_data_acceptance", "missing_required_header",
]


def _document(server: Any) -> dict[str, Any]:
    document: dict[str, Any] = server.app.openapi()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in document["paths"].items()
            if path.startswith("/api/") for method, operation in item.items()]


def test_every_operation_declares_its_refusals_with_schemas(sandbox: Any) -> None:
    operations = _operations(_document(sandbox))
    assert len(operations) == 10
    for method, path, operation in operations:
        answers = operation["responses"]
        assert {"401", "404", "408", "413", "422", "429", "500"} <= set(answers), (method, path)
        for status, answer in answers.items():
            schema = answer["content"]["application/json"]["schema"]
            assert schema != {} and ("$ref" in schema or "items" in schema), (method, path, status)
        assert operation["security"] == [{"HTTPBearer": []}]
    writes = {(m, p.rsplit("/", 1)[-1]): set(op["responses"]) for m, p, op in operations}
    assert {"403", "409", "412"} <= writes[("put", "{assignment_id}")]
    assert {"403", "409"} <= writes[("post", "assignments")]
    assert {"403", "409"} <= writes[("put", "select")]


def test_update_fields_that_cannot_be_null_are_not_nullable(sandbox: Any) -> None:
    fields = _document(sandbox)["components"]["schemas"]["UpdateBody"]["properties"]
    for name in ("priority", "metadata", "status"):
        assert "anyOf" not in fields[name] and "default" not in fields[name], name
        assert fields[name]["type"] in ("string", "object")
    assert {"type": "null"} in fields["dueAt"]["anyOf"]
    assert {"type": "null"} in fields["notes"]["anyOf"]


@pytest.fixture(params=sorted(TOKENS))
def api_schema(request: pytest.FixtureRequest, fresh_sandbox: Any) -> Any:
    """The sandbox's own document, run as one demo identity (fresh data for each)."""
    config = SchemathesisConfig.from_path(CONFIG)
    config.projects.default.update(base_url=fresh_sandbox.base_url, headers={
        "Authorization": f"Bearer {TOKENS[request.param]}"})
    config.projects.default.generation.update(max_examples=EXAMPLES, deterministic=True)
    config.projects.default.checks.update(included_check_names=CHECKS)
    document = _document(fresh_sandbox)
    api_only = {path: item for path, item in document["paths"].items() if path.startswith("/api/")}
    return schemathesis.openapi.from_dict({**document, "paths": api_only}, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
def test_schemathesis_finds_nothing(case: Any) -> None:
    case.call_and_validate()


@pytest.mark.parametrize("reason", ["\x1e", " \u3000\t", "\x85"])
def test_a_blank_reason_is_refused_by_the_document_as_by_the_server(
    sandbox: Any, fresh_admin: Any, reason: str
) -> None:
    """Schemathesis found `\\S` read by another regex engine: U+001E was valid to it."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    cancel = _document(sandbox)["components"]["schemas"]["CancelBody"]
    assert not jsonschema_rs.validator_for(cancel).is_valid({"reason": reason})
    assert jsonschema_rs.validator_for(cancel).is_valid({"reason": f"{reason}x"})
    refused = fresh_admin.post("/assignments/1042/cancel", json={"reason": reason})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "reason"]
