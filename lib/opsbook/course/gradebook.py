"""The trainer's gradebook (学习进度汇总): the progress records learners handed in (*send my
progress*, :func:`opsbook.course.progress.send`), read under the hand-in's identity rules, as

- :func:`progress_table`: a row per learner, a column per chapter (exercises done of all), who
  has not started and who is stuck (an exercise tried three times or more and still wrong, or
  a solution opened before a right answer);
- :func:`item_analysis`: a row per exercise: how many learners tried it, the share right at the
  first try, the most common kind of mistake, and how many opened the solution first; what to
  teach again tomorrow comes first.
"""

from collections import Counter
from html import escape

import pandas as pd

from opsbook import content, handin
from opsbook.content import load_playbook
from opsbook.content.exercises import LETTERS
from opsbook.core import settings
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.core.store import shown_path
from opsbook.course import progress

STUCK_TRIES = 3  # wrong answers to one exercise, none right: stuck


def records(found: handin.Scan | None = None) -> tuple[dict[str, list[dict]], list[str]]:
    """Each learner's handed-in record by hub name, and a message for each file that does not
    count or does not read (``found``: a scan of the drop folder, else a new one)."""
    found = found or handin.scan(settings.HAND_IN_PROGRESS)
    by_learner, problems = {}, list(found.problems)
    for handed_in in found.received:
        try:
            by_learner[handed_in.learner] = progress.read_hand_in(
                handed_in.document, shown_path(handed_in.path)
            )
        except StoreError as error:
            problems.append(str(error))
    return by_learner, problems


def mistake_label(chapter: str, exercise: str, mistake: str | None) -> str:
    """A kind of mistake as a trainer reads it: "picked B", "too high", "off by 100 ×" …"""
    if mistake is None:
        return "—"
    if mistake.startswith("picked:"):
        key = mistake.split(":", 1)[1]
        spec = next(e for e in load_playbook(f"exercises/{chapter}").exercises if e.key == exercise)
        keys = [o.key for o in getattr(spec, "options", [])]
        letter = LETTERS[keys.index(key)] if key in keys else key
        return pick(f"picked {letter}", f"选了 {letter}")
    names = {
        "not_an_option": pick("not an option", "不是选项"),
        "not_options": pick("not a list of options", "不是选项列表"),
        "missing": pick("right options missing", "漏选"),
        "not_a_number": pick("not a number", "不是数字"),
        "factor_100": pick("off by 100 ×", "差了 100 倍"),
        "too_high": pick("too high", "偏高"),
        "too_low": pick("too low", "偏低"),
        "not_a_mapping": pick("not a mapping", "格式不对"),
        "unknown_names": pick("unknown names", "名称不对"),
        "misplaced": pick("items misplaced", "归类错误"),
        "unplaced": pick("items not placed", "有项目未归类"),
    }
    return names.get(mistake, mistake)


def progress_table(by_learner: dict[str, list[dict]]) -> pd.DataFrame:
    """A row per learner: each chapter's exercises done of all, the checkpoints passed, the
    chapters not started, and the exercises where the learner is stuck (chapter.exercise)."""
    course = content.course()
    not_started, stuck_on = pick("Not started", "未开始"), pick("Stuck on", "卡在")
    passed = pick("Checkpoints passed", "通过的章节测验")
    rows = []
    for learner, record in sorted(by_learner.items(), key=lambda item: item[0].casefold()):
        done = progress.chapters(record, course, learner)  # their own checkpoint questions
        states = progress.summary(record, course)
        row = {pick("Learner", "学员"): learner}
        for chapter_done, chapter_of in zip(done, course.chapters, strict=True):
            row[f"{chapter_of.number:02d}"] = f"{chapter_done.done}/{chapter_done.total}"
        row[passed] = f"{sum(d.checkpoint_passed for d in done)}/{len(done)}"
        row[not_started] = and_(
            f"{c.number:02d}" for c, d in zip(course.chapters, done, strict=True) if not d.started
        )
        row[stuck_on] = and_(f"{s.chapter[:2]}.{s.exercise}" for s in states if _stuck(s))
        rows.append(row)
    columns = [pick("Learner", "学员"), *(f"{c.number:02d}" for c in course.chapters)]
    return pd.DataFrame(rows, columns=[*columns, passed, not_started, stuck_on])


def and_(names) -> str:
    """Names as a list in the page's language ("—": none)."""
    return pick(", ", "、").join(names) or "—"


def _stuck(state: progress.ExerciseState) -> bool:
    return (state.state == "tried" and state.tries >= STUCK_TRIES) or state.solution_first


def item_analysis(by_learner: dict[str, list[dict]]) -> pd.DataFrame:
    """A row per exercise some learner tried: learners who tried it, the share right at the
    first try, the most common mistake and how many opened the solution before a right answer;
    the lowest first-try share first (what to teach again)."""
    course = content.course()
    states = [s for record in by_learner.values() for s in progress.summary(record, course)]
    rows = []
    for chapter in course.chapters:
        for spec in load_playbook(f"exercises/{chapter.id}").exercises:
            mine = [
                s
                for s in states
                if s.chapter == chapter.id and s.exercise == spec.key and s.state != "not_started"
            ]
            if not mine:
                continue
            mistakes = Counter(s.mistake for s in mine if s.mistake)
            common = sorted(mistakes.items(), key=lambda m: (-m[1], m[0]))[:1]
            first_right = sum(bool(s.first_try) for s in mine) / len(mine)
            rows.append(
                {
                    pick("Exercise", "练习"): f"{chapter.number:02d} · {spec.title}",
                    pick("Tried by", "尝试人数"): len(mine),
                    pick("Right at the first try", "首次答对"): first_right,
                    pick("Most common mistake", "最常见的错误"): (
                        f"{mistake_label(chapter.id, spec.key, common[0][0])} ({common[0][1]})"
                        if common
                        else "—"
                    ),
                    pick("Solution first", "先看答案"): sum(s.solution_first for s in mine),
                }
            )
    table = pd.DataFrame(
        rows,
        columns=[
            pick("Exercise", "练习"),
            pick("Tried by", "尝试人数"),
            pick("Right at the first try", "首次答对"),
            pick("Most common mistake", "最常见的错误"),
            pick("Solution first", "先看答案"),
        ],
    )
    first = pick("Right at the first try", "首次答对")
    table = table.sort_values(first, kind="stable").reset_index(drop=True)
    table[first] = [f"{share:.0%}" for share in table[first]]
    return table


def sheets(by_learner: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """The gradebook as a workbook's sheets (none when no progress was handed in)."""
    if not by_learner:
        return {}
    return {
        pick("Exercise progress", "练习进度"): progress_table(by_learner),
        pick("Exercise results", "练习分析"): item_analysis(by_learner),
    }


class Gradebook:
    """The cohort dashboard's progress view: who is where, and what to teach again (both
    tables, or what to do when nothing was handed in yet), with the files that did not count."""

    def __init__(self, found: handin.Scan | None = None):
        self.learners, self.problems = records(found)

    def _parts(self) -> list[tuple[str, pd.DataFrame | str]]:
        if not self.learners:
            return [
                (
                    "",
                    pick(
                        "No progress handed in yet: learners send theirs from the start page "
                        "(My progress), with opsbook.course.progress.send().",
                        "还没有人提交学习进度：学员在开始页（我的进度）运行 "
                        "opsbook.course.progress.send() 提交。",
                    ),
                )
            ]
        return [
            (pick("Progress by learner", "各学员的练习进度"), progress_table(self.learners)),
            (
                pick("Each exercise, hardest first", "各练习的结果（最难的在前）"),
                item_analysis(self.learners),
            ),
        ]

    def __repr__(self) -> str:
        lines = []
        for title, part in self._parts():
            lines += [title] if title else []
            lines.append(part if isinstance(part, str) else part.to_string(index=False))
        return "\n".join([*lines, *self.problems])

    def _repr_html_(self) -> str:
        html = []
        for title, part in self._parts():
            html += [f"<h4>{escape(title)}</h4>"] if title else []
            html.append(
                f"<p>{escape(part)}</p>" if isinstance(part, str) else part.to_html(index=False)
            )
        html += [f"<p>{escape(problem)}</p>" for problem in self.problems]
        return "".join(html)
