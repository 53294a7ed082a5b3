"""A cohort's results as one Excel workbook (``opsbook cohort-results FILE.xlsx``), for the
trainer's report or the company's own sheets: the tables of the cohort dashboard, in the
language of the course, and who has handed in and when.

Sheets: every team's latest scores, the spread per power, progress since the team's previous
worksheet, the items to teach next, and the hand-ins (with the learners on the roster who have
not handed in yet).
"""

import io

import pandas as pd

from opsbook.content.four_powers import FourPowers
from opsbook.four_powers import assessment
from opsbook.four_powers.assessment import Assessment
from opsbook.handin import Received
from opsbook.i18n import pick
from opsbook.tables import readable


def cohort_sheets(
    rubric: FourPowers,
    teams: list[Assessment],
    handed_in: list[Received] = (),
    missing: list[str] = (),
) -> dict[str, pd.DataFrame]:
    """The workbook's sheets by name, each as the dashboard shows it."""
    latest = assessment.latest_period(teams)
    table = assessment.cohort_table(rubric, latest)
    weakest = assessment.weakest_items(rubric, latest, top=10)
    learner, sent = pick("Learner", "学员"), pick("Sent at", "提交时间")
    hand_ins = pd.DataFrame(
        [{learner: r.learner, sent: r.sent_at.strftime("%Y-%m-%d %H:%M")} for r in handed_in]
        + [{learner: name, sent: pick("not yet", "未提交")} for name in missing],
        columns=[learner, sent],
    )
    spread = readable(assessment.cohort_summary(rubric, table), rubric)
    spread.index.name = pick("Power", "能力")
    return {
        pick("Scores", "得分"): readable(table.round(2), rubric),
        pick("Spread per power", "各力分布"): spread,
        pick("Progress", "季度进步"): readable(assessment.cohort_progress(rubric, teams), rubric),
        pick("Teach next", "教学重点"): readable(weakest, rubric, drop=("item",)),
        pick("Hand-ins", "提交情况"): hand_ins,
    }


def cohort_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The sheets as an .xlsx file (columns as wide as their text)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            # a row number is left out; names of rows (the powers) are the first column
            named_rows = not pd.api.types.is_integer_dtype(frame.index)
            frame.to_excel(writer, sheet_name=name, index=named_rows)
            sheet = writer.sheets[name]
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column)
                sheet.column_dimensions[column[0].column_letter].width = min(60, width * 1.6 + 2)
    return buffer.getvalue()
