"""Seeded members: realistic names and fake, PHI-like form data.

Everything here is invented. The shapes are what conditions read
(`member.age`, `member.tags`, `member.locale`, `member.form_data.consent`,
`member.data.a1c`...), so selection can be allowed or refused by real data.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from assign_tui.sandbox.constants import ADMIN_MEMBER_ID, MEMBER_MEMBER_ID, READER_MEMBER_ID

MEMBER_COUNT = 400
#: A member whose age is 42 and who refused consent (the contract's example reason).
CONSENT_REFUSED_MEMBER_ID = 42

FIRST = [
    "James", "Maria", "Wei", "Aisha", "Olivia", "Liam", "Sofia", "Noah", "Fatima", "Mateo",
    "Emma", "Hiroshi", "Priya", "Kwame", "Chloé", "Ahmed", "Ingrid", "Tomás", "Grace", "Dmitri",
    "Lucía", "Samuel", "Mei", "Omar", "Hannah", "Diego", "Zoë", "Yusuf", "Amara", "Elena",
]
LAST = [
    "Johnson", "García", "Chen", "Khan", "Williams", "Nguyen", "Rodríguez", "Okafor", "Smith",
    "Hernández", "Kim", "Patel", "O'Brien", "Müller", "Haddad", "Silva", "Kowalski", "Brown",
    "Nakamura", "Álvarez-Núñez", "Mensah", "Rossi", "Ivanova", "Davis", "López", "Cohen",
]
NON_LATIN = ["王芳", "李明", "محمد الأحمد", "فاطمة الزهراء", "Nguyễn Thị Lan", "Ольга Петрова"]
TAGS = ["diabetes", "spanish", "hypertension", "copd", "postpartum", "chf", "high_risk",
        "mandarin", "arabic", "asthma"]
MEDICATIONS = ["metformin 500 mg", "lisinopril 10 mg", "atorvastatin 20 mg", "insulin glargine",
               "albuterol inhaler", "sertraline 50 mg", "furosemide 40 mg", "prenatal vitamins"]
ALLERGIES = ["penicillin", "sulfa drugs", "latex", "peanuts", "shellfish"]
STREETS = ["Maple Ave", "Oak St", "Calle Ocho", "Elm Ct", "Harbor Rd", "Sunset Blvd"]
PLANS = ["HMO", "PPO", "MCR", "MCD"]
CITIES = ["Springfield, IL", "Riverside, CA", "Miami, FL", "Dearborn, MI", "Queens, NY"]


def _locale(tags: list[str]) -> str:
    if "spanish" in tags:
        return "es-US"
    if "mandarin" in tags:
        return "zh-CN"
    if "arabic" in tags:
        return "ar-US"
    return "en-US"


def _form_data(rng: random.Random, member_id: int, age: int, base: datetime) -> dict[str, Any]:
    birth = base - timedelta(days=age * 365 + rng.randint(0, 364))
    data: dict[str, Any] = {
        "date_of_birth": birth.strftime("%Y-%m-%d"),
        "mrn": f"MRN-{member_id:07d}",
        "phone": f"+1-555-{rng.randint(100, 999):03d}-{rng.randint(0, 9999):04d}",
        "address": f"{rng.randint(10, 9999)} {rng.choice(STREETS)}, {rng.choice(CITIES)}",
        "insurance_id": f"{rng.choice(PLANS)}{rng.randint(10**8, 10**9 - 1)}",
        "medications": rng.sample(MEDICATIONS, rng.randint(0, 3)),
        "allergies": rng.sample(ALLERGIES, rng.randint(0, 2)),
        "preferred_contact": rng.choice(["phone", "sms", "email"]),
        "emergency_contact": {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                              "phone": f"+1-555-{rng.randint(100, 999):03d}-0100"},
    }
    roll = rng.random()
    if roll < 0.7:
        data["consent"] = True
    elif roll < 0.9:
        data["consent"] = False
    return data  # else: consent never asked, the key is absent


def _data(rng: random.Random, tags: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"bmi": round(rng.uniform(18.0, 41.0), 1),
                            "risk_score": rng.randint(0, 100)}
    if "diabetes" in tags or rng.random() < 0.3:
        data["a1c"] = round(rng.uniform(5.4, 12.5), 1)
    if "postpartum" in tags or rng.random() < 0.05:
        data["weeks_pregnant"] = rng.randint(8, 40)
    return data


def _fixed(member_id: int, name: str, age: int, tags: list[str],
           form_data: dict[str, Any], data: dict[str, Any]) -> tuple[Any, ...]:
    return (member_id, name, tags, age, _locale(tags), form_data, data)


def generate_members(rng: random.Random, base: datetime) -> list[tuple[Any, ...]]:
    """`(id, name, tags, age, locale, form_data, data)` for every member, in id order."""
    members: list[tuple[Any, ...]] = []
    for member_id in range(1, MEMBER_COUNT + 1):
        if rng.random() < 0.05:
            name = rng.choice(NON_LATIN)
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
        age = rng.randint(19, 94)
        members.append((member_id, name, tags, age, _locale(tags),
                        _form_data(rng, member_id, age, base), _data(rng, tags)))
    members[ADMIN_MEMBER_ID - 1] = _fixed(
        ADMIN_MEMBER_ID, "Dana Operator", 38, ["staff"], {"consent": True}, {})
    members[READER_MEMBER_ID - 1] = _fixed(
        READER_MEMBER_ID, "Riley Reader", 45, ["staff"], {"consent": True}, {})
    refused = members[CONSENT_REFUSED_MEMBER_ID - 1]
    members[CONSENT_REFUSED_MEMBER_ID - 1] = _fixed(
        CONSENT_REFUSED_MEMBER_ID, "Marcus Bell", 42, ["hypertension"],
        {**refused[5], "consent": False, "medications": []}, {"bmi": 29.4, "risk_score": 31})
    rosa = members[MEMBER_MEMBER_ID - 1]
    members[MEMBER_MEMBER_ID - 1] = _fixed(
        MEMBER_MEMBER_ID, "Rosa Martínez", 67, ["diabetes", "spanish"],
        {**rosa[5], "consent": True, "date_of_birth": "1959-03-14",
         "medications": ["metformin 500 mg", "insulin glargine"]},
        {"a1c": 9.8, "bmi": 31.2, "risk_score": 78})
    return members
