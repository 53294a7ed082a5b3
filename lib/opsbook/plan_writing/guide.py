"""The plan template as tables for chapter 3: key questions, sections, kinds, work types, stages."""

import pandas as pd

from opsbook.content.plan_writing import PlanTemplate
from opsbook.core.i18n import label, pick


def key_questions(template: PlanTemplate) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                label("question"): str(q.question),
                pick("Why it matters", "为什么重要"): str(q.why),
            }
            for q in template.key_questions
        ]
    )


def sections(template: PlanTemplate) -> pd.DataFrame:
    """The six sections with what each is for, a good and a bad example."""
    return pd.DataFrame(
        [
            {
                pick("Section", "部分"): s.name.both(),
                pick("What it is for", "作用"): str(s.purpose),
                pick("Good", "好的写法"): str(s.good_example),
                pick("Bad", "差的写法"): str(s.bad_example),
            }
            for s in template.sections
        ]
    )


def plan_kinds(template: PlanTemplate) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                pick("Kind", "类型"): k.name.both(),
                pick("Its strategy describes", "策略部分包含"): " · ".join(
                    str(e.name) for e in k.strategy_elements
                ),
            }
            for k in template.plan_kinds
        ]
    )


def work_types(template: PlanTemplate) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {pick("Work", "工作"): w.name.both(), pick("What it is", "含义"): str(w.meaning)}
            for w in template.work_types
        ]
    )


def stages(template: PlanTemplate) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                pick("Stage", "阶段"): s.name.both(),
                pick("Aim at", "目标"): str(s.aim),
                pick("Avoid", "避免"): str(s.avoid),
            }
            for s in template.stages
        ]
    )
