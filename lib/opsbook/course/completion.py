"""The completion record (结业记录): a page a learner, a trainer or HR can file once every
chapter is complete (its exercises done and its checkpoint passed): who, from when to when, each
chapter with its exercises done, right at the first try, its checkpoint and the day it was
complete, and whether the self-assessment worksheet
and a plan were handed in. A self-contained HTML page (its Chinese drawn in the course's font);
``opsbook completion-record`` also prints it to PDF.
"""

from dataclasses import dataclass
from functools import cached_property

from opsbook import content
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.course import progress
from opsbook.present.render import esc, html_page, html_table


@dataclass(frozen=True)
class Completion:
    learner: str
    record: list[dict]
    worksheet_sent: str | None = None  # when the four-powers worksheet was handed in
    plan_sent: str | None = None  # when a plan was handed in

    @cached_property  # read by complete, missing() and page(): worked out once
    def chapters(self) -> list[progress.ChapterProgress]:
        return progress.chapters(self.record, learner=self.learner)

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.chapters)

    def missing(self) -> str:
        """What is left to do, in one sentence (for a record that is not complete yet)."""
        chapters = self.chapters
        done, total = sum(c.done for c in chapters), sum(c.total for c in chapters)
        passed = sum(c.checkpoint_passed for c in chapters)
        course = content.course()
        step = progress.next_step(self.record)
        if step is not None:
            title = course.chapter(step.chapter).title
            then = pick(
                f"{title}, exercise {step.exercise[1:]}", f"{title}，练习 {step.exercise[1:]}"
            )
        else:
            quiz = next(c for c in chapters if not c.checkpoint_passed)
            title = course.chapter(quiz.chapter).title
            then = pick(f"{title}, the checkpoint at its end", f"{title}，章末测验")
        return pick(
            f"{self.learner}: not complete yet — {done} of {total} exercises done, {passed} of "
            f"{len(chapters)} checkpoints passed; next: {then}.",
            f"{self.learner}：尚未结业——已完成练习 {done}/{total}，通过章节测验 {passed}/"
            f"{len(chapters)}；下一步：{then}。",
        )

    def page(self) -> str:
        """The record as a self-contained page; OpsbookError if it is not complete yet."""
        if not self.complete:
            raise OpsbookError(self.missing())
        course = content.course()
        chapters = self.chapters
        started = min(c.started for c in chapters if c.started)
        finished = max(c.finished for c in chapters if c.finished)
        rows = [
            (
                f"{chapter.number:02d} {chapter.title}",
                f"{done.done}/{done.total}",
                f"{done.first_try_right}/{done.total}",
                f"{done.checkpoint_right}/{done.checkpoint_total}",
                pick(f"{done.minutes} min", f"{done.minutes} 分钟"),
                done.finished,
            )
            for chapter, done in zip(course.chapters, chapters, strict=True)
        ]
        first = sum(c.first_try_right for c in chapters)
        total = sum(c.total for c in chapters)
        not_yet = pick("not handed in", "未提交")
        title, colon = pick("Completion record", "结业记录"), pick(": ", "：")
        body = (
            f"<h1>{esc(title)} · {esc(pick('Ops Playbook', '运营实战手册'))}</h1>"
            f"<p><strong>{esc(pick('Learner', '学员'))}{colon}{esc(self.learner)}</strong>"
            f"<br>{esc(pick('From', '起止'))}{colon}{esc(started)} – {esc(finished)}</p>"
            + html_table(
                [
                    pick("Chapter", "章节"),
                    pick("Exercises done", "完成练习"),
                    pick("Right at the first try", "首次答对"),
                    pick("Checkpoint", "章节测验"),
                    pick("Time", "用时"),
                    pick("Finished on", "完成日期"),
                ],
                rows,
            )
            + f"<p>{esc(pick('Right at the first try', '首次答对'))}{colon}"
            f"{first}/{total}{pick(f' ({first / total:.0%})', f'（{first / total:.0%}）')}</p><ul>"
            f"<li>{esc(pick('Four-powers self-assessment', '四力自评表'))}{colon}"
            f"{esc(self.worksheet_sent or not_yet)}</li>"
            f"<li>{esc(pick('Operation plan', '运营方案'))}{colon}"
            f"{esc(self.plan_sent or not_yet)}</li></ul>"
            f'<p class="meta">{esc(_basis())}</p>'
        )
        return html_page(f"{title} · {self.learner}", body, pick("en", "zh"))


def _basis() -> str:
    return pick(
        "From the learner's progress record: an exercise is done when it was answered right; "
        "right at the first try counts the first answer given; a chapter's checkpoint is three "
        "of its exercises drawn for the learner, each answered right; time leaves out pauses "
        "over 15 minutes. Hand-in times are when the learner sent them.",
        "依据学员的学习进度记录：答对即算完成；首次答对看第一次作答；每章的章节测验是从本章练习中为"
        "学员抽出的三道题，每题都要答对；用时不计超过 15 分钟的停顿。提交时间是学员发送的时间。",
    )
