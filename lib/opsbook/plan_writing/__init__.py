"""Writing an operation plan (运营方案): the plan document, the rule linter, goal decomposition,
export to Markdown / HTML / Word, and saving plans like worksheets."""

from opsbook.plan_writing.lint import Finding, lint
from opsbook.plan_writing.model import BudgetLine, Objective, Plan, ScheduleRow, budget_total

__all__ = ["BudgetLine", "Finding", "Objective", "Plan", "ScheduleRow", "budget_total", "lint"]
