"""The workflow definitions the sandbox seeds from.

`WORKFLOWS` is a module-level constant so that the routing engine's tests can
read every condition from it. The conditions cover every shape the contract
shows, including ones that read the redacted `member.form_data` and
`member.data`, plus two deliberately broken ones (`INVALID_CONDITIONS`) so
the "invalid" outcome can be exercised end to end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TaskDefinition:
    """One task of a workflow; `id` is the workflow task id (`taskId` on the wire)."""

    id: int
    key: str
    name: str
    kind: str
    description: str
    condition: str | None = None
    form_schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class WorkflowDefinition:
    id: int
    name: str
    version: int
    tasks: tuple[TaskDefinition, ...] = field(default=())


_CONSENT_FORM: dict[str, Any] = {
    "type": "object",
    "title": "Consent to care coordination",
    "required": ["consent", "preferred_contact"],
    "properties": {
        "consent": {"type": "boolean", "title": "Member consents to care coordination"},
        "preferred_contact": {"type": "string", "enum": ["phone", "sms", "email"]},
        "best_time": {"type": "string", "title": "Best time to call"},
    },
}

_HEALTH_RISK_FORM: dict[str, Any] = {
    "type": "object",
    "title": "Health risk assessment",
    "required": ["date_of_birth", "falls_last_year"],
    "properties": {
        "date_of_birth": {"type": "string", "format": "date"},
        "falls_last_year": {"type": "integer", "minimum": 0, "maximum": 50},
        "lives_alone": {"type": "boolean"},
        "medications": {"type": "array", "items": {"type": "string"}},
    },
}

_PHQ9_FORM: dict[str, Any] = {
    "type": "object",
    "title": "PHQ-9",
    "required": ["phq9_total"],
    "properties": {
        "phq9_total": {"type": "integer", "minimum": 0, "maximum": 27},
        "self_harm_thoughts": {"type": "boolean"},
        "notes": {"type": "string", "maxLength": 2000},
    },
}

_DOCUMENTS_FORM: dict[str, Any] = {
    "type": "object",
    "title": "Prior authorization documents",
    "required": ["insurance_id", "prescriber_npi"],
    "properties": {
        "insurance_id": {"type": "string", "pattern": "^[A-Z]{3}[0-9]{6,9}$"},
        "prescriber_npi": {"type": "string", "pattern": "^[0-9]{10}$"},
        "medications": {"type": "array", "items": {"type": "string"}},
        "diagnosis_codes": {"type": "array", "items": {"type": "string"}},
    },
}


def _t(
    wf: int, pos: int, key: str, name: str, kind: str, description: str,
    condition: str | None = None, form_schema: dict[str, Any] | None = None,
) -> TaskDefinition:
    return TaskDefinition(wf * 100 + pos, key, name, kind, description, condition, form_schema)


WORKFLOWS: tuple[WorkflowDefinition, ...] = (
    WorkflowDefinition(1, "Diabetes care management", 2, (
        _t(1, 1, "intake", "Intake call", "conversation", "First call: goals, barriers, devices."),
        _t(1, 2, "consent", "Consent form", "form", "Record consent to care coordination.",
           None, _CONSENT_FORM),
        _t(1, 3, "a1c_outreach", "High A1c outreach", "conversation",
           "Extra outreach when the last A1c is above 9.",
           "has(member.data.a1c) && member.data.a1c > 9.0"),
        _t(1, 4, "nutrition_coaching", "Nutrition coaching", "conversation",
           "Diet coaching for members tagged diabetes.", '"diabetes" in member.tags'),
        _t(1, 5, "med_review", "Medication review", "review",
           "Pharmacist review; needs consent on file.", "member.form_data.consent == true"),
        _t(1, 6, "wrap_up", "Wrap-up", "manual", "Close the episode and send the summary."),
    )),
    WorkflowDefinition(2, "Medicare annual wellness visit", 1, (
        _t(2, 1, "scheduling", "Scheduling", "conversation", "Book the wellness visit."),
        _t(2, 2, "eligibility", "Eligibility check", "review", "Confirm Medicare eligibility.",
           'member.age >= 65 || assignment.priority == "urgent"'),
        _t(2, 3, "health_risk", "Health risk assessment", "form", "Pre-visit questionnaire.",
           "member.age >= 65", _HEALTH_RISK_FORM),
        _t(2, 4, "spanish_outreach", "Spanish-language outreach", "conversation",
           "Call in Spanish.", '"spanish" in member.tags'),
        _t(2, 5, "visit_summary", "Visit summary", "manual", "File the visit summary."),
    )),
    WorkflowDefinition(3, "Behavioral health screening", 4, (
        _t(3, 1, "intake", "Intake", "conversation", "Warm hand-off and intake questions."),
        _t(3, 2, "phq9", "PHQ-9 questionnaire", "form", "Depression screening.",
           "member.form_data.consent == true", _PHQ9_FORM),
        _t(3, 3, "escalation", "Clinical escalation", "review", "Escalate severe scores.",
           'tasks.phq9.output.score >= 15 || assignment.priority == "urgent"'),
        _t(3, 4, "therapist_match", "Therapist matching", "manual", "Match with a therapist.",
           "tasks.intake.output.score > 5"),
        _t(3, 5, "follow_up", "Follow-up check-in", "conversation",
           "Check in when the current task has stalled for a day.",
           'timestamp(now) - timestamp(task.started_at) > duration("24h")'),
        _t(3, 6, "close_out", "Close-out", "manual", "Close the screening episode."),
    )),
    WorkflowDefinition(4, "Prior authorization", 1, (
        _t(4, 1, "collect_documents", "Collect documents", "form",
           "Gather insurance and prescriber details.", None, _DOCUMENTS_FORM),
        _t(4, 2, "clinical_review", "Clinical review", "review",
           "Review the medication list.", "size(member.form_data.medications) > 0"),
        _t(4, 3, "payer_submission", "Payer submission", "manual", "Submit to the payer.",
           "has(assignment.metadata.payer)"),
        _t(4, 4, "appeal", "Appeal", "manual", "Appeal a denial.",
           'tasks.payer_submission.status == "failed"'),
    )),
    WorkflowDefinition(5, "Maternal health check-in", 2, (
        _t(5, 1, "welcome", "Welcome", "conversation", "Introduce the program."),
        _t(5, 2, "prenatal_survey", "Prenatal survey", "form", "Survey from week 20.",
           "has(member.data.weeks_pregnant) && member.data.weeks_pregnant >= 20",
           _CONSENT_FORM),
        _t(5, 3, "lactation", "Lactation support", "conversation", "Postpartum support.",
           '"postpartum" in member.tags'),
        _t(5, 4, "spanish_support", "Spanish-language support", "conversation",
           "Support in Spanish.", 'member.locale.startsWith("es")'),
        _t(5, 5, "close", "Close", "manual", "Close the check-in."),
    )),
    WorkflowDefinition(6, "Medication adherence", 3, (
        _t(6, 1, "refill_check", "Refill check", "conversation", "Ask about refills."),
        _t(6, 2, "pharmacist_call", "Pharmacist call", "review", "Call from a pharmacist.",
           'member.age >= 65 || assignment.priority == "urgent"'),
        _t(6, 3, "side_effects", "Side-effects form", "form", "Record side effects.",
           "tasks.refill_check.output.missed_doses > 3 || member.form_data.lives_alone == true",
           _HEALTH_RISK_FORM),
        _t(6, 4, "stale_followup", "Stalled follow-up", "conversation",
           "Follow up when the current task has stalled for three days.",
           'timestamp(now) - timestamp(task.started_at) > duration("72h")'),
        _t(6, 5, "legacy_escalation", "Legacy escalation", "manual",
           "Imported from the old rules engine; its condition does not parse.",
           "member.risk_level >== 3"),
        _t(6, 6, "type_mismatch", "Legacy age check", "manual",
           "Imported rule that compares a number with a string.",
           'member.age > "sixty"'),
        _t(6, 7, "close", "Close", "manual", "Close the adherence episode."),
    )),
    WorkflowDefinition(7, "Post-discharge follow-up", 3, (
        _t(7, 1, "intake", "Intake call", "conversation", "Call within 48 hours of discharge."),
        _t(7, 2, "med_review", "Medication review", "review",
           "Reconcile discharge medications.", "tasks.intake.output.score > 5"),
        _t(7, 3, "senior_outreach", "Senior outreach", "conversation",
           "Extra outreach for older or urgent members.",
           'member.age >= 65 || assignment.priority == "urgent"'),
        _t(7, 4, "spanish_callback", "Spanish callback", "conversation",
           "Callback by a Spanish-speaking nurse.", '"spanish" in member.tags'),
        _t(7, 5, "a1c_escalation", "A1c escalation", "review", "Escalate uncontrolled diabetes.",
           "has(member.data.a1c) && member.data.a1c > 9.0"),
        _t(7, 6, "home_health", "Home health referral", "form",
           "Refer to home health; needs consent.", "member.form_data.consent == true",
           _CONSENT_FORM),
        _t(7, 7, "stale_escalation", "Stalled-task escalation", "review",
           "Escalate when the current task has been open over a day.",
           'timestamp(now) - timestamp(task.started_at) > duration("24h")'),
        _t(7, 8, "discharge_close", "Close", "manual", "Close the follow-up."),
    )),
)

#: Conditions in WORKFLOWS that are broken on purpose (parse error, type error).
INVALID_CONDITIONS: frozenset[str] = frozenset({"member.risk_level >== 3", 'member.age > "sixty"'})

WORKFLOWS_BY_ID: dict[int, WorkflowDefinition] = {wf.id: wf for wf in WORKFLOWS}
TASKS_BY_ID: dict[int, TaskDefinition] = {t.id: t for wf in WORKFLOWS for t in wf.tasks}
