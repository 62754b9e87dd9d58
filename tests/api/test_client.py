"""Every client operation against the running sandbox, over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from assign_tui.api import (
    Assignment,
    AssignmentQuery,
    AssignmentSortField,
    AssignmentsClient,
    AuthError,
    ConflictError,
    CreateAssignmentRequest,
    NotFoundError,
    PermissionDeniedError,
    SortOrder,
    StaleError,
    UpdateAssignmentRequest,
    ValidationError,
    new_idempotency_key,
)

ClientFactory = Callable[..., AssignmentsClient]


def _factory(server: Any) -> ClientFactory:
    made: list[AssignmentsClient] = []

    def make(token: str = "demo-admin", **kwargs: Any) -> AssignmentsClient:
        kwargs.setdefault("backoff_base", 0.01)
        client = AssignmentsClient(server.api_url, lambda: token, token_source="the test", **kwargs)
        made.append(client)
        return client

    make.made = made  # type: ignore[attr-defined]
    return make


@pytest.fixture
async def client_for(sandbox: Any) -> AsyncIterator[ClientFactory]:
    make = _factory(sandbox)
    yield make
    for client in make.made:  # type: ignore[attr-defined]
        await client.aclose()


@pytest.fixture
async def fresh_client_for(fresh_sandbox: Any) -> AsyncIterator[ClientFactory]:
    make = _factory(fresh_sandbox)
    yield make
    for client in make.made:  # type: ignore[attr-defined]
        await client.aclose()


# -- reads ---------------------------------------------------------------------


async def test_list_pages_through_the_seed(client_for: ClientFactory) -> None:
    client = client_for()
    first = await client.list_assignments(AssignmentQuery(page_size=50))
    assert first.total == 200 and first.total_pages == 4 and len(first.items) == 50
    last = await client.list_assignments(AssignmentQuery(page=4, page_size=50))
    ids = {a.id for a in first.items} | {a.id for a in last.items}
    assert len(ids) == 100  # the pages do not overlap


@pytest.mark.parametrize("field", list(AssignmentSortField))
@pytest.mark.parametrize("order", list(SortOrder))
async def test_every_sort_field_in_both_orders(
    client_for: ClientFactory, field: AssignmentSortField, order: SortOrder
) -> None:
    page = await client_for().list_assignments(
        AssignmentQuery(page_size=100, sort_by=field, sort_order=order)
    )
    attribute = {"createdAt": "created_at", "updatedAt": "updated_at", "dueAt": "due_at"}.get(
        field.value, field.value
    )
    values = [getattr(a, attribute) for a in page.items if getattr(a, attribute) is not None]
    if field == AssignmentSortField.PRIORITY:
        rank = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
        values = [rank[v] for v in values]
    assert values == sorted(values, reverse=order == SortOrder.DESC)
    assert len(set(values)) > 1


async def test_filters(client_for: ClientFactory) -> None:
    client = client_for()
    several = await client.list_assignments(AssignmentQuery(statuses=("active", "paused"), page_size=100))
    assert several.items and {a.status for a in several.items} <= {"active", "paused"}
    member = several.items[0].member_id
    by_member = await client.list_assignments(AssignmentQuery(member_id=member, page_size=100))
    assert by_member.items and {a.member_id for a in by_member.items} == {member}
    mine = await client.list_assignments(AssignmentQuery(mine=True, page_size=100))
    assert mine.items and {a.member_id for a in mine.items} == {1}
    task_id = next(a for a in several.items if a.current_task is not None).current_task.task_id  # type: ignore[union-attr]
    by_task = await client.list_assignments(AssignmentQuery(task_id=task_id, page_size=100))
    assert by_task.items
    assert all(a.current_task is not None and a.current_task.task_id == task_id for a in by_task.items)


async def test_get_returns_the_etag_and_the_reads_of_one_assignment(client_for: ClientFactory) -> None:
    client = client_for()
    tagged = await client.get_assignment(1042)
    assert tagged.value.id == 1042 and tagged.etag
    detail = await client.get_current_task_detail(1042)
    assert detail.assignment.id == 1042 and detail.task.is_current
    assert set(detail.allowed_actions) <= {"update", "cancel", "select_task"}
    context = await client.get_cel_context(1042)
    assert context["member"]["form_data"] == {} and context["member"]["data"] == {}
    assert context["assignment"]["id"] == 1042 and "now" in context
    messages = await client.list_messages(1042)
    assert {m.role for m in messages} >= {"system", "user", "assistant", "tool"}
    assert any(m.tool_calls for m in messages)
    task = tagged.value.tasks[0]
    fetched = await client.get_task(1042, task.id)
    assert fetched.id == task.id and fetched.key == task.key


async def test_missing_things_are_not_found(client_for: ClientFactory) -> None:
    client = client_for()
    with pytest.raises(NotFoundError):
        await client.get_assignment(999_999)
    with pytest.raises(NotFoundError):
        await client.get_task(1042, 999_999)


async def test_bad_query_values_are_validation_errors_with_fields(sandbox: Any) -> None:
    async with httpx.AsyncClient() as raw:
        answer = await raw.get(f"{sandbox.api_url}/assignments", params={"pageSize": 101},
                               headers={"Authorization": "Bearer demo-admin"})
    assert answer.status_code == 422
    from assign_tui.api.errors import error_for_status

    error = error_for_status(422, answer.json())
    assert isinstance(error, ValidationError) and "pageSize" in error.field_errors


# -- auth and permissions ----------------------------------------------------


async def test_unknown_token_is_an_auth_error_naming_the_source(client_for: ClientFactory) -> None:
    with pytest.raises(AuthError) as caught:
        await client_for("not-a-token").list_assignments()
    assert "the test" in caught.value.message
    assert "not-a-token" not in caught.value.message and "not-a-token" not in repr(caught.value)


async def test_a_401_rereads_the_token_on_the_next_request(sandbox: Any) -> None:
    tokens = iter(["expired", "demo-admin"])
    client = AssignmentsClient(sandbox.api_url, lambda: next(tokens), token_source="the test")
    async with client:
        with pytest.raises(AuthError):
            await client.get_assignment(1042)
        assert (await client.get_assignment(1042)).value.id == 1042


async def test_reader_may_read_all_but_write_nothing(client_for: ClientFactory) -> None:
    reader = client_for("demo-reader")
    page = await reader.list_assignments(AssignmentQuery(page_size=5))
    assert page.total == 200
    other = next(a for a in page.items if a.member_id != 2)
    await reader.get_cel_context(other.id)
    with pytest.raises(PermissionDeniedError) as caught:
        await reader.update_assignment(other.id, UpdateAssignmentRequest(notes="x"))
    assert "ASSIGNMENTS_WRITE" in caught.value.message
    with pytest.raises(PermissionDeniedError):
        await reader.cancel_assignment(other.id, "no")
    with pytest.raises(PermissionDeniedError) as use:
        await reader.create_assignment(CreateAssignmentRequest(workflow_id=other.workflow_id))
    assert "USE" in use.value.message


async def test_member_sees_only_its_own(client_for: ClientFactory) -> None:
    member = client_for("demo-member")
    page = await member.list_assignments(AssignmentQuery(page_size=100))
    assert page.items and {a.member_id for a in page.items} == {311}
    with pytest.raises(PermissionDeniedError):
        await member.list_assignments(AssignmentQuery(member_id=1))
    admin_page = await client_for().list_assignments(AssignmentQuery(member_id=1))
    with pytest.raises(PermissionDeniedError):
        await member.get_assignment(admin_page.items[0].id)
    with pytest.raises(PermissionDeniedError):
        await member.get_cel_context(admin_page.items[0].id)


# -- writes --------------------------------------------------------------------


async def test_update_with_if_match_and_stale_etag(fresh_client_for: ClientFactory) -> None:
    client = fresh_client_for()
    tagged = await client.get_assignment(1042)
    updated = await client.update_assignment(
        1042, UpdateAssignmentRequest(notes="called back", priority="urgent"), if_match=tagged.etag
    )
    assert updated.value.notes == "called back" and updated.value.priority == "urgent"
    assert updated.etag and updated.etag != tagged.etag
    with pytest.raises(StaleError):
        await client.update_assignment(1042, UpdateAssignmentRequest(notes="late"), if_match=tagged.etag)
    cleared = await client.update_assignment(1042, UpdateAssignmentRequest(notes=None))
    assert cleared.value.notes is None and cleared.value.priority == "urgent"


async def test_create_with_idempotency_key_replays(fresh_client_for: ClientFactory) -> None:
    client = fresh_client_for()
    key = new_idempotency_key()
    request = CreateAssignmentRequest(workflow_id=7, notes="new")
    first = await client.create_assignment(request, idempotency_key=key)
    again = await client.create_assignment(request, idempotency_key=key)
    assert isinstance(first, Assignment) and first.id == again.id and first.member_id == 1
    with pytest.raises(ConflictError):
        await client.create_assignment(CreateAssignmentRequest(workflow_id=7, notes="other"), idempotency_key=key)
    page = await client.list_assignments()
    assert page.total == 201


async def test_cancel_then_cancel_again_conflicts(fresh_client_for: ClientFactory) -> None:
    client = fresh_client_for()
    cancelled = await client.cancel_assignment(1042, "member moved away")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "member moved away"
    with pytest.raises(ConflictError):
        await client.cancel_assignment(1042, "again")


async def test_select_task_enforces_the_condition(fresh_client_for: ClientFactory) -> None:
    from assign_tui.routing import Outcome, evaluate_condition

    client = fresh_client_for()
    assignment = (await client.get_assignment(1042)).value
    results: dict[str, int] = {}
    for task in assignment.tasks:
        if task.is_current:
            continue
        try:
            selected = await client.select_task(1042, task.id)
        except ConflictError as error:
            assert error.detail
            results["refused"] = results.get("refused", 0) + 1
        else:
            assert selected.is_current and selected.status == "active"
            results["selected"] = results.get("selected", 0) + 1
            break
    assert results.get("selected") == 1
    assert Outcome  # the same engine decides on the server
    assert evaluate_condition(None, {}).outcome == Outcome.ELIGIBLE
