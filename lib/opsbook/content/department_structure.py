"""Typed model of ``playbook/department_structure.yaml``: offices, departments, work areas, the
responsibility (role) map and the organization models of a private-domain (私域) business."""

from typing import Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys


class Office(Model):
    key: Key
    name: Text
    summary: Text


class Handoff(Model):
    to: Key
    what: Text


class Department(Model):
    key: Key
    office: Key
    name: Text
    mission: Text
    responsibilities: list[Text] = Field(min_length=1)
    metrics: list[Text] = Field(min_length=1)
    handoffs: list[Handoff] = []


class WorkArea(Model):
    key: Key
    name: Text
    description: Text
    examples: list[Text] = []
    departments: list[Key] = Field(min_length=1)


class Team(Model):
    key: Key
    name: Text


class Role(Model):
    key: Key
    team: Key
    name: Text


class Task(Model):
    key: Key
    team: Key
    name: Text
    owner: Key
    consulted: list[Key] = []


class RoleMap(Model):
    context: Text
    teams: list[Team] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    tasks: list[Task] = Field(min_length=1)


class Option(Model):
    key: Key
    label: Text


class Question(Model):
    key: Key
    prompt: Text
    options: list[Option] = Field(min_length=2)


class StarterModel(Model):
    key: Key
    name: Text
    summary: Text
    strengths: list[Text] = Field(min_length=1)
    weaknesses: list[Text] = Field(min_length=1)
    # question key -> option key -> points; how well the model fits a business with that answer
    fit: dict[Key, dict[Key, int]]


class GroupModel(Model):
    key: Key
    name: Text
    summary: Text
    practices: list[Text] = Field(min_length=1)


class Organization(Model):
    version: Literal[1]
    offices: list[Office] = Field(min_length=1)
    departments: list[Department] = Field(min_length=1)
    work_areas: list[WorkArea] = Field(min_length=1)
    role_map: RoleMap
    chooser_questions: list[Question] = Field(min_length=1)
    starter_models: list[StarterModel] = Field(min_length=2)
    group_models: list[GroupModel] = Field(min_length=1)

    def department(self, key: str) -> Department:
        return next(d for d in self.departments if d.key == key)


def _unknown(path: str, value: str, known: set[str], what: str) -> list[tuple[str, str]]:
    if value in known:
        return []
    choices = ", ".join(sorted(known))
    return [(path, f'"{value}" is not a known {what} — use one of: {choices}')]


def check_organization(org: Organization) -> list[tuple[str, str]]:
    """Cross-references the schema cannot see: every named office, department, team and role
    exists, keys are unique, and every chooser weight names a real question and option."""
    problems: list[tuple[str, str]] = []
    for section, items in [
        ("offices", org.offices),
        ("departments", org.departments),
        ("work_areas", org.work_areas),
        ("role_map.teams", org.role_map.teams),
        ("role_map.roles", org.role_map.roles),
        ("role_map.tasks", org.role_map.tasks),
        ("chooser_questions", org.chooser_questions),
        ("starter_models", org.starter_models),
        ("group_models", org.group_models),
    ]:
        problems += duplicate_keys(section, (item.key for item in items))

    offices = {o.key for o in org.offices}
    departments = {d.key for d in org.departments}
    teams = {t.key for t in org.role_map.teams}
    roles = {r.key for r in org.role_map.roles}
    for i, dept in enumerate(org.departments):
        where = f"departments[{i}] ({dept.key})"
        problems += _unknown(f"{where}.office", dept.office, offices, "office")
        for j, handoff in enumerate(dept.handoffs):
            problems += _unknown(f"{where}.handoffs[{j}].to", handoff.to, departments, "department")
    for i, area in enumerate(org.work_areas):
        for j, dept in enumerate(area.departments):
            where = f"work_areas[{i}] ({area.key}).departments[{j}]"
            problems += _unknown(where, dept, departments, "department")
    for i, role in enumerate(org.role_map.roles):
        problems += _unknown(f"role_map.roles[{i}] ({role.key}).team", role.team, teams, "team")
    for i, task in enumerate(org.role_map.tasks):
        where = f"role_map.tasks[{i}] ({task.key})"
        problems += _unknown(f"{where}.team", task.team, teams, "team")
        problems += _unknown(f"{where}.owner", task.owner, roles, "role")
        for j, role in enumerate(task.consulted):
            problems += _unknown(f"{where}.consulted[{j}]", role, roles, "role")
    questions = {q.key: {o.key for o in q.options} for q in org.chooser_questions}
    for i, model in enumerate(org.starter_models):
        for question, weights in model.fit.items():
            where = f"starter_models[{i}] ({model.key}).fit.{question}"
            problems += _unknown(where, question, set(questions), "chooser question")
            for option in weights:
                if question in questions:
                    problems += _unknown(
                        f"{where}.{option}", option, questions[question], f"answer to {question}"
                    )
    return problems
