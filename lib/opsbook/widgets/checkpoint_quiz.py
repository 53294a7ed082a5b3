"""A chapter's checkpoint (章节测验) as a learner answers it: each question with controls of its
kind (options to pick, letters to tick, a number to type, items to place) and a Check button; the
result shows under the question and goes into the progress record. The questions are the
learner's own draw (:mod:`opsbook.course.checkpoint`)."""

import html
import re

import ipywidgets as widgets

from opsbook.content.exercises import LETTERS, ExerciseSpec, MatchExercise, NumberExercise
from opsbook.core.i18n import label, pick
from opsbook.course import checkpoint
from opsbook.course.exercises import Feedback, Status
from opsbook.widgets.base import Tool

WIDE = widgets.Layout(width="auto", max_width="760px")


def _lettered(choices) -> list[tuple[str, str]]:
    """Each choice as shown, with its letter as the value: the checker reads an answer by the
    letters the learner sees (a choice's key may itself be a letter of another order)."""
    return [(f"{LETTERS[i]}  {c.text}", LETTERS[i]) for i, c in enumerate(choices)]


# how a chapter asks for an answer typed in code (a dict, letters), the question's last sentence
TYPED_FORM = re.compile(r"(?<=[.?!。？！])\s*[^.?!。？！]*(Answer with|作答|字母)[^。]*[.。]?\s*$")
CONTROL_FORM = {
    "multi": ("Tick every option that applies.", "请勾选所有正确的选项。"),
    "match": ("Pick one answer for each item.", "请为每一项选择对应的答案。"),
}


def quiz_prompt(spec: ExerciseSpec) -> str:
    """The question as the quiz asks it: a chapter's instruction for typing the answer in code
    becomes one for the quiz's controls."""
    prompt = str(spec.prompt)
    if spec.kind not in CONTROL_FORM:
        return prompt
    return TYPED_FORM.sub("", prompt).rstrip() + pick(" ", "") + pick(*CONTROL_FORM[spec.kind])


class _Question:
    """One question: its controls, and its answer as :func:`evaluate` reads it."""

    def __init__(self, number: int, spec: ExerciseSpec):
        self.spec = spec
        prompt = f"<b>{number}.</b> {html.escape(quiz_prompt(spec))}"
        self.controls: list[widgets.Widget] = []
        if spec.kind == "choice":
            self.pick = widgets.RadioButtons(
                options=_lettered(spec.options), value=None, layout=WIDE
            )
            self.controls = [self.pick]
        elif spec.kind == "multi":
            self.ticks = {
                letter: widgets.Checkbox(description=text, indent=False, layout=WIDE)
                for text, letter in _lettered(spec.options)
            }
            self.controls = list(self.ticks.values())
        elif isinstance(spec, NumberExercise):
            unit = f" ({spec.unit})" if spec.unit else ""
            self.number = widgets.Text(placeholder=pick("a number", "请输入数字") + unit)
            self.controls = [self.number]
        elif isinstance(spec, MatchExercise):
            categories = [("—", None), *_lettered(spec.categories)]
            self.places = {
                item.key: widgets.Dropdown(
                    options=categories,
                    value=None,
                    description=str(item.text),
                    style={"description_width": "260px"},
                    layout=widgets.Layout(width="560px"),
                )
                for item in spec.items
            }
            self.controls = list(self.places.values())
        self.button = widgets.Button(description=label("check"), button_style="primary")
        self.result = widgets.HTML()
        self.widget = widgets.VBox(
            [widgets.HTML(prompt), *self.controls, self.button, self.result],
            layout=widgets.Layout(margin="0 0 12px 0"),
        )

    def answer(self):
        """What the learner has given so far, as an exercise's answer (``...``: nothing yet)."""
        if self.spec.kind == "choice":
            return self.pick.value if self.pick.value is not None else ...
        if self.spec.kind == "multi":
            ticked = [letter for letter, box in self.ticks.items() if box.value]
            return ticked or ...
        if self.spec.kind == "number":
            return self.number.value.strip() or ...
        placed = {item: box.value for item, box in self.places.items()}
        return placed if None not in placed.values() else ...  # every item placed first


class CheckpointQuiz(Tool):
    """``CheckpointQuiz("01_department_structure")``: the learner's checkpoint for a chapter."""

    def __init__(self, chapter: str):
        self.chapter = chapter
        self.questions = [
            _Question(n, spec) for n, spec in enumerate(checkpoint.draw(chapter), start=1)
        ]
        self.score = widgets.HTML()
        for question in self.questions:
            question.button.on_click(lambda _b, q=question: self.check(q))
        self.widget = widgets.VBox([self.score, *(q.widget for q in self.questions)], layout=WIDE)
        self._show_score()

    def check(self, question: _Question) -> Feedback:
        """Check the question's answer as the controls hold it; show and record the result."""
        outcome, unsaved = checkpoint.check(self.chapter, question.spec, question.answer())
        message = outcome.message
        if outcome.status is Status.NOT_ATTEMPTED:
            message = pick(
                "Answer the question first (every item of it).", "请先作答（每一项都要选）。"
            )
        elif outcome.status is Status.CORRECT:  # the chapter's solution names its own letters
            message = pick("Right.", "答对了。")
        if unsaved:
            message += pick(
                f" (Not recorded in your progress: {unsaved})", f"（未记入学习进度：{unsaved}）"
            )
        shown = Feedback(outcome.status, label(outcome.status.value), message)
        question.result.value = shown._repr_html_()
        self._show_score()
        return shown

    def _show_score(self) -> None:
        self.score.value = f"<p><b>{html.escape(self._score_line())}</b></p>"

    def _score_line(self) -> str:
        """The score as the saved record shows it, read again each time (another notebook may
        have recorded, or the record been deleted, since the quiz was opened)."""
        right, unreadable = checkpoint.answered_right(self.chapter)
        if unreadable:
            return pick(
                "Your progress record cannot be read, so the checkpoint cannot count: "
                f"{unreadable}",
                f"学习进度记录无法读取，本章测验无法计分：{unreadable}",
            )
        total = len(self.questions)
        right = sum(q.spec.key in right for q in self.questions)
        if right == total:
            return pick(
                f"Checkpoint passed: {total} of {total} right.",
                f"本章测验已通过：{total} 题全部答对。",
            )
        return pick(
            f"Checkpoint: {total} questions from this chapter, in an order of your own — "
            f"{right} of {total} right so far.",
            f"本章测验：从本章练习中随机抽取 {total} 题，题目和选项顺序每人不同。已答对 "
            f"{right}/{total} 题。",
        )

    def static_html(self) -> str:
        parts = [self.score.value, "<ol>"]
        for question in self.questions:
            spec = question.spec
            parts.append(f"<li>{html.escape(quiz_prompt(spec))}")
            if hasattr(spec, "options"):
                parts.append("<ul style='list-style:none;padding-left:1em'>")
                parts += [
                    f"<li><b>{LETTERS[i]}</b>&ensp;{html.escape(str(o.text))}</li>"
                    for i, o in enumerate(spec.options)
                ]
                parts.append("</ul>")
            elif isinstance(spec, MatchExercise):
                items = pick(", ", "、").join(html.escape(str(i.text)) for i in spec.items)
                cats = pick("; ", "；").join(html.escape(str(c.text)) for c in spec.categories)
                parts.append(f"<p>{items} → {cats}</p>")
            parts.append("</li>")
        parts.append("</ol>")
        return "".join(parts)

    def summary(self) -> str:
        return self._score_line()
