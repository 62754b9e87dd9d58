"""Operator instructions (Markdown) for each task, as the detail view shows them.

Realistic on purpose: headings, lists, bold, a link and a code span, so the
console's Markdown rendering is exercised by the demo data.
"""

from __future__ import annotations

from assign_tui.sandbox.workflows import TaskDefinition, WorkflowDefinition

_KIND_STEPS = {
    "conversation": [
        "Read the conversation so far; **do not repeat questions** the member already answered.",
        "Confirm identity with date of birth before discussing any health information.",
        "Use the member's preferred language; request an interpreter if needed.",
    ],
    "form": [
        "Walk the member through each field; required fields are marked in the form.",
        "Read answers back before saving. **Never guess** a value the member did not give.",
        "If the member declines, record the refusal and move on.",
    ],
    "review": [
        "Review the outputs of the earlier tasks and the member's record.",
        "Document your decision and **the reason** in the assignment notes.",
        "Escalate to the on-call clinician when in doubt.",
    ],
    "manual": [
        "Complete the step in the external system, then record the outcome here.",
        "Attach reference numbers to the notes.",
    ],
}


def instructions_for(workflow: WorkflowDefinition, task: TaskDefinition) -> str:
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(_KIND_STEPS[task.kind], start=1))
    condition = (f"This task is available only when `{task.condition}` holds."
                 if task.condition else "This task has no entry condition.")
    return (
        f"## {task.name}\n\n"
        f"*{workflow.name}, version {workflow.version}.* {task.description}\n\n"
        f"### Steps\n\n{steps}\n\n"
        f"### Routing\n\n{condition}\n\n"
        "- Urgent issues (chest pain, trouble breathing): tell the member to call **911**.\n"
        "- Clinical questions: page the nurse line.\n\n"
        "See the [care coordination playbook](https://example.invalid/playbook/"
        f"{task.key}) for scripts and escalation paths.\n"
    )
