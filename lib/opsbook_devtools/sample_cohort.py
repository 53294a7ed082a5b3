"""A sample cohort of four-powers worksheets: eight teams, two quarters each, for the trainer's
dashboard and the chapter 2 examples. Written to ``datasets/sample_cohort/`` by ``make data``.

Each team has its own strengths (a level around which its answers vary by power); in the second
quarter, teams lift some of their biggest gaps by one level, as a team following its action list
would. A few items are marked not applicable and a few are left unanswered.
"""

import json
from pathlib import Path

import numpy as np

from opsbook.content import load_playbook
from opsbook.four_powers.files import FORMAT, VERSION, validator

SEED = 20260701
PERIODS = ("2026-Q2", "2026-Q3")
TEAMS = [
    # (file key, team name, mean level, strongest power, weakest power)
    ("north_hill", "North Hill stores · 北山门店", 2.4, "operation", "product"),
    ("east_lake", "East Lake stores · 东湖门店", 2.9, "merchandise", "organization"),
    ("south_bay", "South Bay stores · 南湾门店", 3.3, "product", "merchandise"),
    ("west_gate", "West Gate stores · 西门门店", 2.1, "organization", "operation"),
    ("old_town", "Old Town stores · 老城门店", 3.7, "operation", "organization"),
    ("online_mall", "Online mall team · 线上商城组", 3.0, "product", "operation"),
    ("live_studio", "Live studio · 直播间", 2.6, "operation", "merchandise"),
    ("member_club", "Member club · 会员中心", 3.1, "organization", "product"),
]
EVIDENCE = [
    "Monthly sheet kept by the store lead",
    "Seen in last month's review deck",
    "Only checked before big events",
    "No data yet, estimate from the team",
    "Dashboard in the mini-program back office",
]


def cohort_documents() -> list[dict]:
    """The sample worksheets as documents in the worksheet file format (deterministic)."""
    rubric = load_playbook("four_powers")
    rng = np.random.default_rng(SEED)
    documents = []
    for key, team, mean, strong, weak in TEAMS:
        answers: dict[str, dict] = {}
        for power in rubric.powers:
            shift = 0.8 if power.key == strong else -0.8 if power.key == weak else 0.0
            for item in power.items:
                roll = rng.random()
                if roll < 0.05:
                    answers[item.key] = {"not_applicable": True}
                    continue
                level = int(np.clip(round(rng.normal(mean + shift, 0.7)), 1, 5))
                answer = {"level": level}
                if rng.random() < 0.25:
                    answer["target"] = int(min(5, level + 2))
                if rng.random() < 0.3:
                    answer["evidence"] = EVIDENCE[int(rng.integers(len(EVIDENCE)))]
                answers[item.key] = answer
        later = {k: dict(v) for k, v in answers.items()}
        lifted = [k for k, v in answers.items() if v.get("level", 5) <= 2]
        for item_key in lifted[: int(rng.integers(1, 4))]:
            later[item_key]["level"] += 1
        unanswered = list(rubric.items)[int(rng.integers(len(rubric.items)))]
        later.pop(unanswered, None)
        for period, period_answers in zip(PERIODS, (answers, later), strict=True):
            documents.append(_document(f"sample-{key}-{period}", team, period, period_answers))
    check = validator(rubric)
    return [check(document, document["id"]) for document in documents]


def _document(doc_id: str, team: str, period: str, answers: dict) -> dict:
    full = {
        key: {"level": None, "target": None, "not_applicable": False, "evidence": ""} | value
        for key, value in answers.items()
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": doc_id,
        "team": team,
        "period": period,
        "updated": f"{period[:4]}-{int(period[-1]) * 3:02d}-28T09:00:00Z",
        "answers": full,
    }


def write_cohort(folder: Path) -> list[Path]:
    """Write the sample cohort as one JSON file per worksheet; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for document in cohort_documents():
        path = folder / f"{document['id']}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(path)
    return written
