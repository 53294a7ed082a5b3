"""The plan linter: every rule of ``playbook/plan_writing.yaml`` as a check that returns
findings with a severity, the section and advice, e.g. "Purpose: 2 direct purposes — keep one;
move the others to indirect or drop them"."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from opsbook import compliance
from opsbook.content.plan_writing import PlanTemplate
from opsbook.core.i18n import pick
from opsbook.plan_writing.model import Plan, budget_total

VAGUE_OWNERS = {
    "team",
    "the team",
    "all",
    "everyone",
    "everybody",
    "all staff",
    "团队",
    "大家",
    "全员",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" (breaks a rule of the template) or "warning" (weakens the plan)
    section: str  # a section key of the template
    message: str  # what is wrong and what to do

    def text(self, template: PlanTemplate) -> str:
        return f"{template.section(self.section).name}{pick(': ', '：')}{self.message}"


Rule = Callable[[Plan, PlanTemplate], list[Finding]]
RULES: dict[str, Rule] = {}


def rule(key: str, severity: str, section: str):
    """Register a check that yields (en, zh) messages; each becomes one finding."""

    def register(check: Callable[[Plan, PlanTemplate], list[tuple[str, str]]]) -> Rule:
        def run(plan: Plan, template: PlanTemplate) -> list[Finding]:
            return [
                Finding(key, severity, section, pick(en, zh)) for en, zh in check(plan, template)
            ]

        RULES[key] = run
        return run

    return register


def _filled(texts: list[str]) -> list[str]:
    return [t for t in texts if t.strip()]


def _missing(fields: list[tuple[tuple[str, str], bool]]) -> tuple[str, str] | None:
    names = [name for name, empty in fields if empty]
    if not names:
        return None
    english = [en for en, _ in names]
    joined = english[0] if len(english) == 1 else ", ".join(english[:-1]) + " or " + english[-1]
    return joined, "、".join(zh for _, zh in names)


@rule("background_missing", "error", "background")
def _background_missing(plan, template):
    if _filled(plan.background):
        return []
    return [
        (
            "no background — add the one to three facts that make this plan necessary now",
            "没有背景——补充一到三条说明为何现在要做的事实",
        )
    ]


@rule("background_too_long", "error", "background")
def _background_too_long(plan, template):
    limit, count = template.rules.background_max_items, len(_filled(plan.background))
    if count <= limit:
        return []
    return [
        (
            f"{count} items — keep the {limit} that explain why now and drop the rest",
            f"{count} 条——只保留最能说明“为什么是现在”的 {limit} 条",
        )
    ]


@rule("purpose_direct_count", "error", "purpose")
def _purpose_direct_count(plan, template):
    wanted, count = template.rules.direct_purposes, len(_filled(plan.direct_purposes))
    if count == wanted:
        return []
    keep = {1: "one", 2: "two", 3: "three"}.get(wanted, str(wanted))
    if count == 0:
        return [
            (
                "no direct purpose — write the one thing this plan is for",
                "没有直接目的——写出这个方案要达成的那一件事",
            )
        ]
    return [
        (
            f"{count} direct purposes — keep {keep}; move the others to indirect or drop them",
            f"{count} 个直接目的——只保留 {wanted} 个，其余改为间接目的或删除",
        )
    ]


@rule("purpose_indirect_max", "error", "purpose")
def _purpose_indirect_max(plan, template):
    limit, count = template.rules.indirect_purposes_max, len(_filled(plan.indirect_purposes))
    if count <= limit:
        return []
    return [
        (
            f"{count} indirect purposes — keep at most {limit}",
            f"{count} 个间接目的——最多保留 {limit} 个",
        )
    ]


@rule("objectives_missing", "error", "objectives")
def _objectives_missing(plan, template):
    if plan.objectives:
        return []
    return [
        (
            "no objective — add at least one metric with a target number, unit and deadline",
            "没有目标——至少添加一个带目标值、单位和截止日期的指标",
        )
    ]


@rule("objective_not_quantified", "error", "objectives")
def _objective_not_quantified(plan, template):
    found = []
    for number, objective in enumerate(plan.objectives, 1):
        missing = _missing(
            [
                (("metric", "指标"), not objective.metric.strip()),
                (("target number", "目标值"), objective.target is None),
                (("unit", "单位"), not objective.unit.strip()),
            ]
        )
        if missing:
            found.append(
                (
                    f"objective {number} has no {missing[0]} — a goal is a checkable number",
                    f"目标 {number} 缺少{missing[1]}——目标必须是可以核对的数字",
                )
            )
    return found


@rule("objective_no_deadline", "warning", "objectives")
def _objective_no_deadline(plan, template):
    return [
        (
            f"objective {n} ({o.metric or '…'}) has no deadline — add the date it is judged on",
            f"目标 {n}（{o.metric or '…'}）没有截止日期——写明考核日期",
        )
        for n, o in enumerate(plan.objectives, 1)
        if o.deadline is None
    ]


@rule("strategy_element_missing", "warning", "strategy")
def _strategy_element_missing(plan, template):
    kind = template.kind(plan.kind)
    missing = [e.name for e in kind.strategy_elements if not plan.strategy.get(e.key, "").strip()]
    if not missing:
        return []
    return [
        (
            f"an {kind.name.en.lower()} also describes: {', '.join(m.en for m in missing)}",
            f"{kind.name.zh}还需要写明：{'、'.join(m.zh for m in missing)}",
        )
    ]


@rule("schedule_missing", "error", "schedule")
def _schedule_missing(plan, template):
    if plan.schedule:
        return []
    return [
        (
            "no schedule — list each task with its owner, start, end and deliverable",
            "没有排期——列出每项任务的负责人、开始、结束和交付物",
        )
    ]


@rule("schedule_row_incomplete", "error", "schedule")
def _schedule_row_incomplete(plan, template):
    found = []
    for number, row in enumerate(plan.schedule, 1):
        missing = _missing(
            [
                (("task", "任务"), not row.task.strip()),
                (("owner", "负责人"), not row.owner.strip()),
                (("start", "开始日期"), row.start is None),
                (("end", "结束日期"), row.end is None),
                (("deliverable", "交付物"), not row.deliverable.strip()),
            ]
        )
        if missing:
            name = row.task or "…"
            found.append(
                (
                    f"row {number} ({name}) has no {missing[0]} — say who does what by when",
                    f"第 {number} 行（{name}）缺少{missing[1]}——写明谁在何时做什么",
                )
            )
    return found


@rule("schedule_vague_owner", "warning", "schedule")
def _schedule_vague_owner(plan, template):
    return [
        (
            f'row {n} ({r.task or "…"}) is owned by "{r.owner}" — name one person or role',
            f"第 {n} 行（{r.task or '…'}）的负责人是“{r.owner}”——写具体的人或角色",
        )
        for n, r in enumerate(plan.schedule, 1)
        if r.owner.strip().lower() in VAGUE_OWNERS
    ]


@rule("schedule_dates_reversed", "error", "schedule")
def _schedule_dates_reversed(plan, template):
    return [
        (
            f"row {n} ({r.task or '…'}) ends {r.end}, before its start {r.start} — fix the dates",
            f"第 {n} 行（{r.task or '…'}）结束日期 {r.end} 早于开始日期 {r.start}——请修正日期",
        )
        for n, r in enumerate(plan.schedule, 1)
        if r.start and r.end and r.end < r.start
    ]


@rule("schedule_after_deadline", "warning", "schedule")
def _schedule_after_deadline(plan, template):
    deadlines = [o.deadline for o in plan.objectives if o.deadline]
    if not deadlines:
        return []
    last = max(deadlines)
    return [
        (
            f"row {n} ({r.task or '…'}) ends on {r.end}, after the last objective deadline {last} "
            "— move it earlier or say why it is needed",
            f"第 {n} 行（{r.task or '…'}）在 {r.end} 结束，晚于最后的目标截止日 {last}——"
            "提前或说明原因",
        )
        for n, r in enumerate(plan.schedule, 1)
        if r.end and r.end > last
    ]


@rule("resources_missing", "warning", "resources_budget")
def _resources_missing(plan, template):
    if _filled(plan.resources):
        return []
    return [
        (
            "no resources listed — name the slots, channels, design or development help needed",
            "未列出资源——写明需要的资源位、渠道、设计或开发支持",
        )
    ]


@rule("budget_missing", "warning", "resources_budget")
def _budget_missing(plan, template):
    if plan.budget:
        return []
    return [
        ("no budget — list every cost, even when it is zero", "没有预算——列出每项花费，即使为零")
    ]


@rule("budget_unconverted", "error", "resources_budget")
def _budget_unconverted(plan, template):
    _total, lines = budget_total(plan)
    return [
        (
            f"{line.amount:,.0f} {line.unit} ({line.item or '…'}) has no exchange rate — say how "
            f"many {line.unit} make one yuan",
            f"{line.amount:,.0f} {line.unit}（{line.item or '…'}）没有兑换比例——写明多少{line.unit}"
            "折合 1 元",
        )
        for line, value in lines
        if value is None
    ]


@rule("budget_negative", "error", "resources_budget")
def _budget_negative(plan, template):
    return [
        (
            f"line {n} ({line.item or '…'}) is negative — a budget lists costs",
            f"第 {n} 项（{line.item or '…'}）为负数——预算只列支出",
        )
        for n, line in enumerate(plan.budget, 1)
        if line.amount < 0
    ]


_DRAFT_SECTIONS = {
    "objectives": "objectives",
    "schedule": "schedule",
    "budget": "resources_budget",
    "exchange_rates": "resources_budget",
}


def _copy_compliance(plan: Plan, template: PlanTemplate) -> list[Finding]:
    """What the plan's words promise that advertising, pricing or platform rules forbid
    (:mod:`opsbook.compliance`): 极限词, an 原价 without a basis, 好评返现, 诱导分享 …"""
    texts = {
        "background": [plan.title, *plan.background],
        "purpose": [*plan.direct_purposes, *plan.indirect_purposes],
        "strategy": list(plan.strategy.values()),
        "schedule": [f"{row.task} {row.deliverable}" for row in plan.schedule],
        "resources_budget": [*plan.resources, *(line.item for line in plan.budget)],
    }
    return [
        Finding("copy_compliance", "warning", section, finding.message)
        for section, parts in texts.items()
        for finding in compliance.check("\n".join(parts))
    ]


RULES["copy_compliance"] = _copy_compliance


def _unread_text(plan: Plan, template: PlanTemplate) -> list[Finding]:
    """Text typed in the builder that could not be read yet (kept as a draft)."""
    return [
        Finding(
            "unread_text",
            "error",
            _DRAFT_SECTIONS.get(field, "background"),
            pick(
                "some lines could not be read yet — fix them in the plan builder (the status line "
                "says which)",
                "有些行还无法识别——请在方案编辑器中修正（状态栏会指出是哪一行）",
            ),
        )
        for field in plan.drafts
    ]


RULES["unread_text"] = _unread_text


def lint(plan: Plan, template: PlanTemplate) -> list[Finding]:
    """Every finding of every rule, errors first, in the order of the sections."""
    order = {s.key: i for i, s in enumerate(template.sections)}
    found = [finding for check in RULES.values() for finding in check(plan, template)]
    return sorted(found, key=lambda f: (f.severity != "error", order[f.section]))


def findings_table(findings: list[Finding], template: PlanTemplate) -> pd.DataFrame:
    """Findings as a table a writer works through top to bottom."""
    columns = [pick("Severity", "级别"), pick("Section", "部分"), pick("Finding", "问题与建议")]
    rows = [
        [
            pick(f.severity, "错误" if f.severity == "error" else "提醒"),
            str(template.section(f.section).name),
            f.message,
        ]
        for f in findings
    ]
    return pd.DataFrame(rows, columns=columns)
