"""The learner's own progress (我的进度) as the start page shows it: a row per chapter with a mark
per exercise (✓ done, ✗ tried, ○ not started), how many were right at the first try, the
checkpoint's questions answered right, the time spent and the day the chapter was complete; then
the next exercise to do, and where the record is kept (and how to delete it). Read from
:mod:`opsbook.course.progress`."""

import html

from opsbook import content
from opsbook.core import settings
from opsbook.core.i18n import pick
from opsbook.course import progress

MARKS = {"done": "✓", "tried": "✗", "not_started": "○"}
_COLOURS = {"done": "#047857", "tried": "#b45309", "not_started": "#9ca3af"}


class ProgressMap:
    """What ``record`` shows, in the notebook's language (rich text and plain text alike)."""

    def __init__(self, record: list[dict], links: bool = True):
        self.links = links  # each chapter links to its notebook (not in the app: no notebooks)
        self.course = content.course()
        self.states = progress.summary(record, self.course)
        self.chapters = progress.chapters(record, self.course)
        self.next = progress.next_step(record, self.course)

    def _rows(self) -> list[tuple]:
        rows = []
        for chapter, done in zip(self.course.chapters, self.chapters, strict=True):
            marks = [s.state for s in self.states if s.chapter == chapter.id]
            first = f"{done.first_try_right}/{done.total}" if done.done or done.tried else "–"
            minutes = pick(f"{done.minutes} min", f"{done.minutes} 分钟") if done.started else "–"
            quiz = f"{done.checkpoint_right}/{done.checkpoint_total}" if done.started else "–"
            rows.append(
                (
                    chapter,
                    marks,
                    f"{done.done}/{done.total}",
                    first,
                    quiz,
                    minutes,
                    done.finished or "–",
                )
            )
        return rows

    def _headers(self) -> list[str]:
        return [
            pick("Chapter", "章节"),
            pick("Exercises", "练习"),
            pick("Done", "完成"),
            pick("Right at the first try", "首次答对"),
            pick("Checkpoint", "章节测验"),
            pick("Time", "用时"),
            pick("Finished on", "完成日期"),
        ]

    def _next(self) -> str:
        if self.next is None:
            quiz = next((c for c in self.chapters if not c.checkpoint_passed), None)
            if quiz is not None:
                title = self.course.chapter(quiz.chapter).title
                return pick(
                    f"Next: {title}, the checkpoint at its end",
                    f"下一步：{title}，章末测验",
                )
            return pick(
                "Every exercise and checkpoint is done: ask your trainer for the completion "
                "record.",
                "所有练习和章节测验都已完成：请向培训师索取结业记录。",
            )
        chapter = self.course.chapter(self.next.chapter)
        number = self.next.exercise.lstrip("q")
        return pick(
            f"Next: {chapter.title}, exercise {number}",
            f"下一步：{chapter.title}，练习 {number}",
        )

    def _where(self) -> str:
        where = f"{settings.PROGRESS}/{progress.RECORD}.json"
        return pick(
            f"Kept only on this computer, in your work folder ({where}): which exercises you "
            "checked, right or wrong, and when; never your answers. To delete it, run "
            "opsbook.course.progress.forget().",
            f"只保存在这台电脑上的工作文件夹里（{where}）：你检查过哪些练习、对错和时间，从不保存"
            "答案内容。要删除，运行 opsbook.course.progress.forget()。",
        )

    def __repr__(self) -> str:
        lines = [" | ".join(self._headers())]
        for chapter, marks, *figures in self._rows():
            row = [f"{chapter.number:02d} {chapter.title}", " ".join(MARKS[m] for m in marks)]
            lines.append(" | ".join([*row, *figures]))
        legend = pick("✓ done  ✗ tried  ○ not started", "✓ 完成  ✗ 尝试过  ○ 未开始")
        return "\n".join([*lines, legend, self._next(), self._where()])

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(h)}</th>" for h in self._headers())
        body = []
        for chapter, marks, *figures in self._rows():
            spans = "".join(
                f'<span style="color:{_COLOURS[m]};margin-right:.35em">{MARKS[m]}</span>'
                for m in marks
            )
            title = f"{chapter.number:02d} {esc(str(chapter.title))}"
            link = f'<a href="{esc(chapter.id)}.ipynb">{title}</a>' if self.links else title
            cells = [link, spans, *(esc(x) for x in figures)]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        legend = pick("✓ done · ✗ tried · ○ not started", "✓ 完成 · ✗ 尝试过 · ○ 未开始")
        return (
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p>{esc(legend)}</p><p><strong>{esc(self._next())}</strong></p>"
            f'<p style="color:#6b7280">{esc(self._where())}</p>'
        )


def my_progress(links: bool = True) -> ProgressMap:
    """This learner's progress, from the record in the work folder; ``links=False`` where the
    chapters cannot be opened (the worksheet app)."""
    return ProgressMap(progress.events(), links)
