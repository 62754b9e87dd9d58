"""Conversations, generated on first read and then stored.

Each one is a pure function of (seed, assignment): generating lazily keeps a
100,000-assignment seed from writing a million messages, and the result is
the same whichever assignment is read first. The pools cover what the
console must render: system/user/assistant/tool roles, tool calls whose
arguments do or do not parse, content parts, long messages, Spanish,
Chinese and Arabic text, and emoji.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any

from assign_tui.sandbox.clock import format_ts, parse_ts
from assign_tui.sandbox.constants import (
    HUGE_MESSAGE_ASSIGNMENT_ID,
    HUGE_MESSAGE_BYTES,
    LONG_CONVERSATION_ASSIGNMENT_ID,
    LONG_CONVERSATION_MESSAGES,
    RICH_ASSIGNMENT_ID,
)
from assign_tui.sandbox.repository import Row
from assign_tui.sandbox.workflows import WORKFLOWS_BY_ID

Message = dict[str, Any]

USER_LINES = {
    "en": ["Hi, I got a text about my follow-up?", "I ran out of my metformin yesterday.",
           "Can someone call me after 5? I'm at work.", "My feet have been swelling again.",
           "Thanks so much! 🙏", "I don't have a ride to the clinic on Tuesday 🚌"],
    "es": ["Hola, ¿me pueden llamar en español?", "Ya tomé mi medicina esta mañana.",
           "Mi hija me ayuda con las pastillas. ¿Está bien?", "¡Muchas gracias! 😊"],
    "zh": ["你好，我想改一下预约时间。", "我的血糖这几天有点高。", "谢谢你的帮助！👍"],
    "ar": ["مرحبا، هل يمكنني تغيير موعدي؟", "أشعر بتحسن اليوم، شكرا لكم.", "شكرا جزيلا 🌹"],
}
ASSISTANT_LINES = [
    "Thanks for letting us know. I'll let your care team know today.",
    "I can help with that. **Which pharmacy** do you usually use?",
    "Claro, un enfermero que habla español le llamará mañana.",
    "明白了。我会请护士明天给您打电话。",
    "Got it ✅ I've noted that you prefer calls after 5pm.",
]
TOOLS = ["lookup_medications", "schedule_callback", "get_lab_results", "send_sms"]
PHOTO_URL = "https://example.invalid/photo.jpg"
LONG_PARAGRAPH = (
    "Managing blood sugar after a hospital stay takes a few small habits: check your "
    "glucose at the same times each day, write the numbers down, take metformin with food, "
    "and call us if you see readings over 300 mg/dL or feel shaky, sweaty or confused. "
)


def _lang(locale: str) -> str:
    return {"es": "es", "zh": "zh", "ar": "ar"}.get(locale[:2], "en")


def _tool_call(rng: random.Random, call_id: str, member_id: int) -> dict[str, Any]:
    name = rng.choice(TOOLS)
    if rng.random() < 0.2:
        arguments = '{"member_id": %d, "include": ["active", ' % member_id  # truncated JSON
    else:
        arguments = json.dumps({"member_id": member_id, "days": rng.choice([7, 30, 90])})
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _turn(rng: random.Random, n: int, member_id: int, lang: str) -> list[Message]:
    user: Message = {"role": "user", "content": rng.choice(USER_LINES[lang])}
    if rng.random() < 0.08:
        user["content"] = [{"type": "text", "text": user["content"]},
                           {"type": "image_url", "image_url": {"url": PHOTO_URL}}]
    turn = [user]
    if rng.random() < 0.35:
        call_id = f"call_{n:05d}_{rng.randint(1000, 9999)}"
        call = _tool_call(rng, call_id, member_id)
        turn.append({"role": "assistant", "content": None, "tool_calls": [call]})
        result = {"ok": True, "items": rng.randint(0, 5)} if rng.random() < 0.8 else {
            "ok": False, "error": "upstream timeout"}
        turn.append({"role": "tool", "tool_call_id": call_id, "name": call["function"]["name"],
                     "content": json.dumps(result)})
    text = rng.choice(ASSISTANT_LINES)
    if rng.random() < 0.05:
        text = "## What to watch for\n\n" + LONG_PARAGRAPH * rng.randint(15, 30)
    turn.append({"role": "assistant", "content": text})
    return turn


def _rich_1042() -> list[Message]:
    valid = json.dumps({"member_id": 311, "status": "active"})
    return [
        {"role": "system", "content": "You are Ava, a bilingual care coordinator for the "
         "Post-discharge follow-up program. Never give dosing advice; escalate to a nurse."},
        {"role": "assistant", "content": "Hola Rosa 👋 soy Ava, de su equipo de cuidado. "
         "¿Cómo se siente desde que salió del hospital?"},
        {"role": "user", "content": "Hola. Un poco cansada. No sé si tomar la insulina de noche."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_meds_1", "type": "function",
             "function": {"name": "lookup_medications", "arguments": valid}},
            {"id": "call_labs_1", "type": "function",
             "function": {"name": "get_lab_results", "arguments": '{"member_id": 311, "tests": ['}},
        ]},
        {"role": "tool", "tool_call_id": "call_meds_1", "name": "lookup_medications",
         "content": json.dumps({"medications": ["metformin 500 mg", "insulin glargine 20 u"]})},
        {"role": "tool", "tool_call_id": "call_labs_1", "name": "get_lab_results",
         "content": "error: arguments are not valid JSON"},
        {"role": "assistant", "content": "Gracias, Rosa. Una enfermera le llamará hoy para "
         "revisar la insulina. **No cambie la dosis** hasta hablar con ella."},
        {"role": "user", "content": [{"type": "text", "text": "Ok. Aquí está mi glucómetro 📷"},
                                     {"type": "image_url",
                                      "image_url": {"url": "https://example.invalid/meter.jpg"}}]},
        {"role": "assistant", "content": "Recibido ✅ 186 mg/dL esta mañana. 我们也提供中文服务。"
         " نحن هنا للمساعدة."},
        {"role": "user", "content": "Gracias 🙏"},
    ]


def _script(seed: int, assignment: Row, member: Row) -> list[Message]:
    aid = assignment["id"]
    if aid == RICH_ASSIGNMENT_ID:
        return _rich_1042()
    rng = random.Random(f"{seed}:{aid}:conversation")
    workflow = WORKFLOWS_BY_ID[assignment["workflow_id"]]
    messages: list[Message] = [{"role": "system", "content": (
        f"You are Ava, a care coordinator assistant for the {workflow.name} program. "
        "Be brief and kind; escalate clinical questions to a nurse.")}]
    if aid == HUGE_MESSAGE_ASSIGNMENT_ID:
        body = "# Discharge packet (scanned, OCR)\n\n"
        block = LONG_PARAGRAPH + "Información en español: llame al 555-0100. 中文服务。\n\n"
        body += block * (HUGE_MESSAGE_BYTES // len(block.encode()) + 1)
        return messages + [{"role": "user", "content": "Here is my discharge paperwork."},
                           {"role": "assistant", "content": body},
                           {"role": "user", "content": "That was long 😅"}]
    lang = _lang(member["locale"])
    target = LONG_CONVERSATION_MESSAGES if aid == LONG_CONVERSATION_ASSIGNMENT_ID else (
        rng.randint(3, 24))
    while len(messages) < target:
        messages.extend(_turn(rng, len(messages), member["id"], lang))
    return messages[:target]


def generate_conversation(seed: int, assignment: Row, member: Row) -> list[tuple[Any, ...]]:
    """Rows for the `messages` table, spread from creation to the last update."""
    messages = _script(seed, assignment, member)
    start = parse_ts(assignment["created_at"])
    end = max(parse_ts(assignment["updated_at"]), start + timedelta(minutes=len(messages)))
    step = (end - start) / (len(messages) + 1)
    aid = assignment["id"]
    rows = []
    for seq, message in enumerate(messages, start=1):
        tool_calls = message.get("tool_calls")
        rows.append((
            aid, seq, f"msg_{aid}_{seq:05d}", message["role"],
            json.dumps(message.get("content"), ensure_ascii=False), message.get("name"),
            json.dumps(tool_calls, ensure_ascii=False) if tool_calls is not None else None,
            message.get("tool_call_id"), format_ts(start + step * seq),
        ))
    return rows
