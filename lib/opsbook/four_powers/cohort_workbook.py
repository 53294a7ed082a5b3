"""A cohort's results as one Excel workbook (``opsbook cohort-results FILE.xlsx``), for the
trainer's report or the company's own sheets: the tables of the cohort dashboard, in the
language of the course, and who has handed in and when.

Sheets: every team's latest scores, the spread per power, progress since the team's previous
worksheet, the items to teach next, the hand-ins (with the learners on the roster who have not
handed in yet), the learners' progress through the exercises and each exercise's results (when
progress was handed in) and, when there are any, the files in the hand-in folder that do not
count.

Every cell that text from a learner, a roster or a file can reach is written as text, never as a
formula: a team called ``=HYPERLINK(…)`` shows as those characters, and Excel runs nothing.
"""

import io

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from opsbook.content.four_powers import FourPowers
from opsbook.core.i18n import label, pick
from opsbook.four_powers import assessment
from opsbook.four_powers.assessment import Assessment
from opsbook.handin import Received
from opsbook.present.tables import readable


def cohort_sheets(
    rubric: FourPowers,
    teams: list[Assessment],
    handed_in: list[Received] = (),
    missing: list[str] = (),
    problems: list[str] = (),
    progress: dict[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """The workbook's sheets by name, each as the dashboard shows it; ``progress``: the
    gradebook's sheets (opsbook.course.gradebook), added after the scores."""
    latest = assessment.latest_period(teams)
    table = assessment.cohort_table(rubric, latest)
    weakest = assessment.weakest_items(rubric, latest, top=10)
    learner, sent = pick("Learner", "学员"), pick("Sent at", "提交时间")
    hand_ins = pd.DataFrame(
        [{learner: r.learner, sent: r.when()} for r in handed_in]
        + [{learner: name, sent: pick("not yet", "未提交")} for name in missing],
        columns=[learner, sent],
    )
    spread = readable(assessment.cohort_summary(rubric, table), rubric)
    spread.index.name = label("power")
    return (
        {
            pick("Scores", "得分"): readable(table.round(2), rubric),
            pick("Spread per power", "各力分布"): spread,
            pick("Progress", "季度进步"): readable(
                assessment.cohort_progress(rubric, teams), rubric
            ),
            pick("Teach next", "教学重点"): readable(weakest, rubric, drop=("item",)),
            pick("Hand-ins", "提交情况"): hand_ins,
        }
        | (progress or {})
        | (
            {
                pick("Not counted", "未计入的文件"): pd.DataFrame(
                    {pick("File", "文件"): list(problems)}
                )
            }
            if problems
            else {}
        )
    )


def cohort_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The sheets as an .xlsx file (columns as wide as their text; every text a text cell)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            # a row number is left out; names of rows (the powers) are the first column
            named_rows = not pd.api.types.is_integer_dtype(frame.index)
            _holdable(frame).to_excel(writer, sheet_name=name, index=named_rows)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows():
                for cell in row:
                    as_text(cell)
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column)
                sheet.column_dimensions[column[0].column_letter].width = min(60, width * 1.6 + 2)
    return buffer.getvalue()


def as_text(cell) -> None:
    """Keep a cell that openpyxl took for a formula (text starting with "=") as the text it is,
    also when someone later edits it in Excel (the quote prefix)."""
    if cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True


def _holdable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the control characters a workbook cannot hold (pasted from Excel)."""

    def clean(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    shown = frame.map(clean)
    shown.index = shown.index.map(clean)
    shown.columns = shown.columns.map(clean)
    return shown
