"""How an operations organization is built: departments, hand-offs, the responsibility matrix,
work areas and the choice of a private-domain (私域) organization model.

Pure functions over :class:`~opsbook.content.department_structure.Organization`; no widgets, no I/O.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from opsbook.content.base import Text
from opsbook.content.department_structure import Department, Organization, StarterModel, WorkArea
from opsbook.core.errors import AnswerError
from opsbook.core.i18n import label, pick
from opsbook.present.render import bullets, card, esc, section


# --- departments -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DepartmentProfile:
    """A department with everything around it: its office, hand-offs both ways, work areas."""

    department: Department
    office: Text
    hands_off_to: list[tuple[Department, Text]]
    receives_from: list[tuple[Department, Text]]
    work_areas: list[WorkArea]


def department_profile(org: Organization, key: str) -> DepartmentProfile:
    """Collect a department's profile; an unknown key gets an error listing the known ones."""
    by_key = {d.key: d for d in org.departments}
    if key not in by_key:
        raise AnswerError(f'"{key}" is not a department — use one of: {", ".join(by_key)}.')
    dept = by_key[key]
    office = next(o.name for o in org.offices if o.key == dept.office)
    return DepartmentProfile(
        department=dept,
        office=office,
        hands_off_to=[(by_key[h.to], h.what) for h in dept.handoffs],
        receives_from=[
            (other, h.what) for other in org.departments for h in other.handoffs if h.to == key
        ],
        work_areas=[a for a in org.work_areas if key in a.departments],
    )


def department_card_html(profile: DepartmentProfile) -> str:
    """The department as a static HTML card (the organization explorer shows the same card)."""
    dept = profile.department
    colon = pick(": ", "：")
    return card(
        str(dept.name),
        f"{profile.office} · {dept.mission}",
        [
            section(label("responsibilities"), bullets(dept.responsibilities)),
            section(label("metrics"), bullets(dept.metrics)),
            section(
                label("hands_off_to"),
                bullets(f"{other.name}{colon}{what}" for other, what in profile.hands_off_to),
            ),
            section(
                label("receives_from"),
                bullets(f"{other.name}{colon}{what}" for other, what in profile.receives_from),
            ),
            section(label("work_area"), bullets(a.name for a in profile.work_areas)),
        ],
    )


def offices_table(org: Organization) -> pd.DataFrame:
    """One row per department: office, department, mission (current language)."""
    offices = {o.key: str(o.name) for o in org.offices}
    return pd.DataFrame(
        [
            {
                label("office"): offices[d.office],
                label("department"): str(d.name),
                label("mission"): str(d.mission),
            }
            for d in org.departments
        ]
    )


# --- responsibility matrix and work areas --------------------------------------------------------
def responsibility_matrix(org: Organization) -> pd.DataFrame:
    """Tasks × roles: "R" for the one owner, "C" for roles consulted, "" otherwise.

    The index has two levels (team, task) so the table reads team by team.
    """
    role_map = org.role_map
    teams = {t.key: str(t.name) for t in role_map.teams}
    columns = [str(r.name) for r in role_map.roles]
    role_names = {r.key: str(r.name) for r in role_map.roles}
    rows, index = [], []
    for task in role_map.tasks:
        row = dict.fromkeys(columns, "")
        row[role_names[task.owner]] = "R"
        for role in task.consulted:
            row[role_names[role]] = "C"
        rows.append(row)
        index.append((teams[task.team], str(task.name)))
    return pd.DataFrame(
        rows,
        index=pd.MultiIndex.from_tuples(index, names=[label("team"), label("task")]),
        columns=columns,
    )


def role_workload(org: Organization) -> pd.DataFrame:
    """Per role: how many tasks it owns (R) and how many it is consulted on (C)."""
    matrix = responsibility_matrix(org)
    return pd.DataFrame(
        {label("owner"): (matrix == "R").sum(), label("consulted"): (matrix == "C").sum()}
    ).rename_axis(label("role"))


def work_area_matrix(org: Organization) -> pd.DataFrame:
    """Work areas × departments: 1 where the department carries the work area, else 0."""
    columns = [str(d.name) for d in org.departments]
    names = {d.key: str(d.name) for d in org.departments}
    data = []
    for area in org.work_areas:
        row = dict.fromkeys(columns, 0)
        for key in area.departments:
            row[names[key]] = 1
        data.append(row)
    index = pd.Index([str(a.name) for a in org.work_areas], name=label("work_area"))
    return pd.DataFrame(data, index=index, columns=columns)


# --- organization models -----------------------------------------------------------------------
def starter_models_table(org: Organization) -> pd.DataFrame:
    """The starter models of a private-domain team side by side: summary, strengths, weaknesses."""
    return pd.DataFrame(
        [
            {
                label("model"): str(m.name),
                pick("What it is", "是什么"): str(m.summary),
                label("strengths"): pick("; ", "；").join(map(str, m.strengths)),
                label("weaknesses"): pick("; ", "；").join(map(str, m.weaknesses)),
            }
            for m in org.starter_models
        ]
    ).set_index(label("model"))


def group_models_table(org: Organization) -> pd.DataFrame:
    """The group-level models (fan, member, brand maximisation) and what each one practises."""
    return pd.DataFrame(
        [
            {
                label("model"): str(m.name),
                pick("What it is", "是什么"): str(m.summary),
                pick("In practice", "做法"): pick("; ", "；").join(map(str, m.practices)),
            }
            for m in org.group_models
        ]
    ).set_index(label("model"))


# --- choosing an organization model -------------------------------------------------------------
@dataclass(frozen=True)
class ModelFit:
    """How well one starter model fits the answers, and why."""

    model: StarterModel
    score: int
    reasons: list[str] = field(default_factory=list)  # answers that speak for it
    cautions: list[str] = field(default_factory=list)  # answers that speak against it


@dataclass(frozen=True)
class Recommendation:
    ranking: list[ModelFit]

    @property
    def best(self) -> ModelFit:
        return self.ranking[0]


def validate_answers(org: Organization, answers: Mapping[str, str]) -> None:
    """Every question answered with one of its options; otherwise an error that says which."""
    for question in org.chooser_questions:
        options = [o.key for o in question.options]
        if question.key not in answers:
            raise AnswerError(
                f'The question "{question.key}" ({question.prompt}) has no answer — '
                f"answer with one of: {', '.join(options)}."
            )
        if answers[question.key] not in options:
            raise AnswerError(
                f'"{answers[question.key]}" is not an answer to "{question.key}" — '
                f"use one of: {', '.join(options)}."
            )
    known = {q.key for q in org.chooser_questions}
    extra = sorted(set(answers) - known)
    if extra:
        raise AnswerError(
            f"Unknown question(s) {extra} — the questions are: {', '.join(sorted(known))}."
        )


def recommend_model(org: Organization, answers: Mapping[str, str]) -> Recommendation:
    """Rank the starter models by how well they fit a business (points from the playbook).

    Ties keep the playbook's order, so the result is deterministic.
    """
    validate_answers(org, answers)
    questions = {q.key: q for q in org.chooser_questions}
    fits = []
    for model in org.starter_models:
        score, reasons, cautions = 0, [], []
        for question_key, weights in model.fit.items():
            points = weights.get(answers[question_key], 0)
            if not points:
                continue
            score += points
            question = questions[question_key]
            option = next(o for o in question.options if o.key == answers[question_key])
            note = f"{question.prompt} → {option.label}" + pick(
                f" ({points:+d})", f"（{points:+d}）"
            )
            (reasons if points > 0 else cautions).append(note)
        fits.append(ModelFit(model, score, reasons, cautions))
    order = {m.key: i for i, m in enumerate(org.starter_models)}
    fits.sort(key=lambda fit: (-fit.score, order[fit.model.key]))
    return Recommendation(fits)


def recommendation_html(rec: Recommendation) -> str:
    """The recommended model with its trade-offs, then the runner-up, as a static HTML card."""
    best = rec.best
    runner_up = rec.ranking[1]
    scores = " · ".join(f"{fit.model.name} {fit.score:+d}" for fit in rec.ranking)
    return card(
        f"{label('recommended')}{pick(': ', '：')}{best.model.name}",
        str(best.model.summary),
        [
            section(label("why"), bullets(best.reasons)),
            section(pick("Watch out for", "需要注意"), bullets(best.cautions)),
            section(label("strengths"), bullets(best.model.strengths)),
            section(label("weaknesses"), bullets(best.model.weaknesses)),
            section(
                label("runner_up"),
                f"<p style='margin:2px 0'>{esc(runner_up.model.name)}{pick(' — ', '——')}"
                f"{esc(runner_up.model.summary)}</p>",
            ),
            section(label("fit_score"), f"<p style='margin:2px 0'>{esc(scores)}</p>"),
        ],
    )
