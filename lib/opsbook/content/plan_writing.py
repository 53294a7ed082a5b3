"""Typed model of ``playbook/plan_writing.yaml``: how to write an operation plan (运营方案)."""

from typing import Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys

SECTION_KEYS = ("background", "purpose", "objectives", "strategy", "schedule", "resources_budget")


class KeyQuestion(Model):
    key: Key
    question: Text
    why: Text


class Section(Model):
    key: Key
    name: Text
    purpose: Text
    guidance: list[Text] = Field(min_length=1)
    good_example: Text
    bad_example: Text


class Element(Model):
    key: Key
    name: Text


class PlanKind(Model):
    key: Key
    name: Text
    strategy_elements: list[Element] = Field(min_length=1)


class Named(Model):
    key: Key
    name: Text
    meaning: Text


class Stage(Model):
    key: Key
    name: Text
    aim: Text
    avoid: Text


class RuleLimits(Model):
    background_max_items: int = Field(ge=1)
    direct_purposes: int = Field(ge=1)
    indirect_purposes_max: int = Field(ge=0)


class PlanTemplate(Model):
    version: Literal[1]
    key_questions: list[KeyQuestion] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    plan_kinds: list[PlanKind] = Field(min_length=1)
    work_types: list[Named] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    rules: RuleLimits

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def kind(self, key: str) -> PlanKind:
        return next(k for k in self.plan_kinds if k.key == key)


def check_plan_template(template: PlanTemplate) -> list[tuple[str, str]]:
    """The six sections in order; unique keys in each list."""
    problems: list[tuple[str, str]] = []
    found = tuple(s.key for s in template.sections)
    if found != SECTION_KEYS:
        problems.append(
            ("sections", f"list the six sections {', '.join(SECTION_KEYS)} in this order")
        )
    for name in ("key_questions", "sections", "plan_kinds", "work_types", "stages"):
        problems += duplicate_keys(name, (item.key for item in getattr(template, name)))
    return problems
