"""Checked exercises: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

Exercises are data (``playbook/exercises/<chapter>.yaml``). :func:`evaluate` holds the checking
logic and is pure; :class:`Feedback` is how a result is shown (rich text that renders without
widgets, on GitHub and in exported pages too). ``...`` (Ellipsis) is the placeholder learners
replace, so "not attempted" is told apart from "wrong".
"""

import contextlib
import html
import math
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from numbers import Real
from typing import Any, NamedTuple

from opsbook.content import load_playbook
from opsbook.content.exercises import (
    LETTERS,
    ChoiceExercise,
    ExerciseSpec,
    MatchExercise,
    MultiExercise,
    NumberExercise,
)
from opsbook.core.errors import StoreError
from opsbook.core.i18n import label, pick
from opsbook.core.numbers import NumberProblem, read_number
from opsbook.course import progress

NOT_ATTEMPTED = ...


class Status(str, Enum):
    NOT_ATTEMPTED = "not_attempted"
    WRONG = "wrong"
    CORRECT = "correct"


class Outcome(NamedTuple):
    status: Status
    message: str  # what the learner reads, in the current language
    mistake: str | None  # the kind of a wrong answer, for the progress record: "too_high",
    # "factor_100", "picked:<option>", "missing" … (never the answer itself)


_STYLE = {
    Status.NOT_ATTEMPTED: ("#6b7280", "#f3f4f6", "○"),
    Status.WRONG: ("#b45309", "#fff7ed", "✗"),
    Status.CORRECT: ("#047857", "#ecfdf5", "✓"),
    "hint": ("#1d4ed8", "#eff6ff", "💡"),
    "solution": ("#6d28d9", "#f5f3ff", "📖"),
}


@dataclass(frozen=True)
class Feedback:
    """A message for the learner: a check result, a hint or a solution."""

    kind: Any  # a Status, "hint" or "solution"
    title: str
    message: str

    @property
    def status(self) -> Status | None:
        return self.kind if isinstance(self.kind, Status) else None

    def __repr__(self) -> str:
        symbol = _STYLE[self.kind][2]
        return f"{symbol} {self.title}: {self.message}"

    def _repr_html_(self) -> str:
        colour, background, symbol = _STYLE[self.kind]
        return (
            f'<div style="border-left:4px solid {colour};background:{background};'
            f'padding:6px 12px;margin:4px 0;color:#111827">'
            f'<strong style="color:{colour}">{symbol} {html.escape(self.title)}</strong> '
            f"{html.escape(self.message)}</div>"
        )


def _describe(answer: Any) -> str:
    try:
        text = repr(answer)
    except ValueError:  # an integer too long to print
        text = type(answer).__name__
    return text if len(text) <= 40 else text[:37] + "..."


_WRAPPING = re.compile(r"^[\s(\[{'\"“”‘’<]+|[\s)\]}'\"“”‘’>.。,，:：、!！]+$")


def _normalise_key(answer: Any) -> str | None:
    """An answer as a comparable key: "B", " b ", "（B）", "b." all read as "b"."""
    if not isinstance(answer, str):
        return None
    return _WRAPPING.sub("", unicodedata.normalize("NFKC", answer)).lower()


def _lookup(choices, letters: bool = True) -> dict[str, str]:
    """What a learner may type for each choice -> its key: its letter as shown (A, B …), its
    name in either language (with or without a bracketed abbreviation), or its key."""
    found = {}
    for choice in choices:
        for name in (choice.key, choice.text.en, choice.text.zh):
            found[_normalise_key(name)] = choice.key
            short = re.sub(r"\s*[(（][^()（）]*[)）]$", "", name)  # "商务中心（BD）" -> "商务中心"
            found.setdefault(_normalise_key(short), choice.key)
            head = re.split(r"[:：]", name)[0]  # "购买转化率：为什么……" -> "购买转化率"
            found.setdefault(_normalise_key(head), choice.key)
    if letters:  # shown before each option; a key that is a letter is that option's letter
        for index, choice in enumerate(choices):
            found[LETTERS[index].lower()] = choice.key
    return found


def _named(choices, key: str) -> str:
    """A choice as the learner sees it: its letter and name ("B 转化率")."""
    for index, choice in enumerate(choices):
        if choice.key == key:
            return f"{LETTERS[index]} {choice.text}"
    return key


def _letters(choices) -> str:
    return ", ".join(LETTERS[i] for i in range(len(choices)))


def _check_choice(spec: ChoiceExercise, answer: Any) -> Outcome:
    options = {o.key: o for o in spec.options}
    key = _lookup(spec.options).get(_normalise_key(answer))
    if key is None:
        letters = _letters(spec.options)
        return (
            Status.WRONG,
            pick(
                f"{_describe(answer)} is not one of the options — answer with a letter ({letters}) "
                "or the option's name.",
                f"{_describe(answer)} 不是选项之一 —— 请用字母（{letters}）或选项名称作答。",
            ),
            "not_an_option",
        )
    if key == spec.answer:
        return Status.CORRECT, str(spec.solution), None
    why = options[key].why_not
    named = _named(spec.options, key)
    return (
        Status.WRONG,
        str(why)
        if why
        else pick(
            f'"{named}" is not the best answer — reread the question and try again.',
            f"“{named}”不是最佳答案 —— 再读一遍题目试试。",
        ),
        f"picked:{key}",
    )


def _check_multi(spec: MultiExercise, answer: Any) -> Outcome:
    options = {o.key: o for o in spec.options}
    if isinstance(answer, str):  # "a, c", "a，c", "a、c", "a c"
        answer = [part for part in re.split(r"[\s,，、;；]+", answer) if part]
    lookup = _lookup(spec.options)
    try:
        picked = {lookup.get(_normalise_key(a)) for a in answer}
    except TypeError:
        picked = {None}
    if None in picked or not picked <= set(options):
        letters = _letters(spec.options)
        return (
            Status.WRONG,
            pick(
                f"{_describe(answer)} is not a list of options — answer with the letters of all "
                f"that apply, such as A, C (from {letters}), or their names.",
                f"{_describe(answer)} 不是选项列表 —— 请写出所有符合的选项字母，例如 A, C"
                f"（可选 {letters}），或写选项名称。",
            ),
            "not_options",
        )
    expected = set(spec.answer)
    if picked == expected:
        return Status.CORRECT, str(spec.solution), None
    wrong = sorted(picked - expected)
    missing = len(expected - picked)
    parts = []
    for key in wrong:
        why, named = options[key].why_not, _named(spec.options, key)
        parts.append(
            pick(f'"{named}": {why}', f"“{named}”：{why}")
            if why
            else pick(f'"{named}" does not belong.', f"“{named}”不应选。")
        )
    if missing:
        parts.append(
            pick(
                f"{missing} right option(s) still missing.",
                f"还漏选了 {missing} 个正确选项。",
            )
        )
    return Status.WRONG, " ".join(parts), f"picked:{wrong[0]}" if wrong else "missing"


def _without_unit(typed: str, spec: NumberExercise) -> str:
    """An answer typed with the question's unit or a full stop ("9 tasks", "9项任务", "9。") as
    the number alone; a percent sign is left for the reader of numbers."""
    text = typed.strip().rstrip("。．")
    if spec.unit is not None and spec.unit.en.strip() != "%":
        for unit in (spec.unit.en, spec.unit.zh):
            if text.casefold().endswith(unit.casefold()):
                return text[: -len(unit)].strip()
    return text


def _check_number(spec: NumberExercise, answer: Any) -> Outcome:
    asks_percent = spec.unit is not None and spec.unit.en.strip() == "%"
    written_as_percent = False
    if isinstance(answer, str):
        with contextlib.suppress(NumberProblem):
            reading = read_number(_without_unit(answer, spec))
            answer, written_as_percent = reading.value, reading.percent
    if isinstance(answer, Real) and not isinstance(answer, bool):
        try:
            answer = float(answer)
        except OverflowError:  # an integer with hundreds of digits
            answer = math.inf
    if not isinstance(answer, float) or not math.isfinite(answer):
        return (
            Status.WRONG,
            pick(
                f"{_describe(answer)} is not a number — answer with digits, e.g. 12.5.",
                f"{_describe(answer)} 不是数字 —— 请用数字作答，例如 12.5。",
            ),
            "not_a_number",
        )

    def close(value: float) -> bool:
        return abs(value - spec.answer) <= spec.tolerance + 1e-9

    if asks_percent and not written_as_percent and 0 < abs(answer) <= 1 and close(answer * 100):
        answer *= 100  # a share written as a fraction: 0.52 is 52 %
    if close(answer):
        return Status.CORRECT, str(spec.solution), None
    # only where a percentage is asked: for a count or an amount it would give the answer away
    if asks_percent and (close(answer * 100) or close(answer / 100)):
        unit = str(spec.unit) if spec.unit else ""
        return (
            Status.WRONG,
            pick(
                f"{answer:g} is off by a factor of 100 — did you mean a percentage? The answer is "
                f"asked in {unit or 'plain numbers'}.",
                f"{answer:g} 差了 100 倍——是不是把百分数弄混了？本题的单位是{unit or '普通数字'}。",
            ),
            "factor_100",
        )
    direction = pick("too high", "偏高") if answer > spec.answer else pick("too low", "偏低")
    return (
        Status.WRONG,
        pick(
            f"{answer:g} is {direction} — check how you got it and try again.",
            f"{answer:g} {direction} —— 请检查计算或计数过程后再试。",
        ),
        "too_high" if answer > spec.answer else "too_low",
    )


def _check_match(spec: MatchExercise, answer: Any) -> Outcome:
    items = {o.key: o for o in spec.items}
    categories = {o.key for o in spec.categories}
    example = f'{{"{spec.items[0].text}": "A", ...}}'
    if not isinstance(answer, dict):
        return (
            Status.WRONG,
            pick(
                f"{_describe(answer)} is not a mapping — answer like {example}.",
                f"{_describe(answer)} 不是映射 —— 请按 {example} 的格式作答。",
            ),
            "not_a_mapping",
        )
    item_keys = _lookup(spec.items, letters=False)
    category_keys = _lookup(spec.categories)  # a category by its letter or its name
    given = {
        item_keys.get(_normalise_key(k), _normalise_key(k)): category_keys.get(
            _normalise_key(v), _normalise_key(v)
        )
        for k, v in answer.items()
    }
    unknown = sorted(str(k) for k in given if k not in items)
    bad_category = sorted(str(v) for v in given.values() if v not in categories)
    if unknown or bad_category:
        return (
            Status.WRONG,
            pick(
                f"Unknown items {unknown} or categories {bad_category} — use the names shown in "
                "the question.",
                f"未知的项目 {unknown} 或类别 {bad_category} —— 请使用题目中给出的名称。",
            ),
            "unknown_names",
        )
    missing = [str(items[k].text) for k in items if k not in given]
    wrong = [str(items[k].text) for k in items if k in given and given[k] != spec.answer[k]]
    if not missing and not wrong:
        return Status.CORRECT, str(spec.solution), None
    parts = []
    if wrong:
        parts.append(
            pick(
                f"{len(wrong)} item(s) in the wrong place: {', '.join(wrong)}.",
                f"有 {len(wrong)} 项放错了：{'、'.join(wrong)}。",
            )
        )
    if missing:
        parts.append(
            pick(
                f"Still to place: {', '.join(missing)}.",
                f"还没有归类：{'、'.join(missing)}。",
            )
        )
    return Status.WRONG, " ".join(parts), "misplaced" if wrong else "unplaced"


_CHECKERS = {
    "choice": _check_choice,
    "multi": _check_multi,
    "number": _check_number,
    "match": _check_match,
}


def evaluate(spec: ExerciseSpec, answer: Any) -> Outcome:
    """Check ``answer`` against ``spec``: the status, a message in the current language and
    the kind of mistake."""
    if answer is NOT_ATTEMPTED:
        return Outcome(
            Status.NOT_ATTEMPTED,
            pick(
                "Replace ... with your answer, then run the cell again.",
                "把 ... 换成你的答案，然后重新运行本单元格。",
            ),
            None,
        )
    return Outcome(*_CHECKERS[spec.kind](spec, answer))


class Exercise:
    """One exercise as a learner uses it; keeps how many hints were shown. With a chapter, each
    answer checked and each hint and solution shown goes into the learner's progress record
    (:mod:`opsbook.course.progress`)."""

    def __init__(self, spec: ExerciseSpec, chapter: str | None = None):
        self.spec = spec
        self.chapter = chapter
        self._hints_shown = 0

    def check(self, answer: Any = NOT_ATTEMPTED) -> Feedback:
        status, message, mistake = evaluate(self.spec, answer)
        if status is not Status.NOT_ATTEMPTED:
            details = {"result": status.value, **({"mistake": mistake} if mistake else {})}
            message += self._record("check", **details)
        return Feedback(status, f"{self.spec.title} — {label(status.value)}", message)

    def hint(self, level: int | None = None) -> Feedback:
        """The next hint (or hint ``level``, counting from 1); hints get more specific."""
        hints = self.spec.hints
        if level is None:
            self._hints_shown = min(self._hints_shown + 1, len(hints))
            level = self._hints_shown
        level = max(1, min(level, len(hints)))
        message = str(hints[level - 1])
        if level == len(hints):
            message += " " + label("no_more_hints")
        message += self._record("hint")
        return Feedback("hint", f"{label('hint')} {level}/{len(hints)}", message)

    def solution(self) -> Feedback:
        message = str(self.spec.solution) + self._record("solution")
        return Feedback("solution", f"{self.spec.title} — {label('solution')}", message)

    def _record(self, event: str, **details: str) -> str:
        """Record ``event``; a record that cannot be saved is said after the message (the
        answer is still checked)."""
        if self.chapter is None:
            return ""
        try:
            progress.record(self.chapter, event, self.spec.key, **details)
        except StoreError as error:
            return pick(
                f" (Not recorded in your progress: {error})", f"（未记入学习进度：{error}）"
            )
        return ""

    def last_time(self) -> str:
        """How the learner did last time, from the progress record ("": not tried yet)."""
        if self.chapter is None:
            return ""
        try:
            found = progress.state(progress.events(), self.chapter, self.spec.key)
        except StoreError:
            return ""
        if found.state == "done":
            return pick(
                f"Last time: ✓ done (right at try {found.tries})",
                f"上次：✓ 已完成（第 {found.tries} 次答对）",
            )
        if found.state == "tried":
            return pick(
                f"Last time: ✗ {found.tries} {'try' if found.tries == 1 else 'tries'}, "
                "not right yet",
                f"上次：✗ 试了 {found.tries} 次，还没答对",
            )
        return ""

    def __repr__(self) -> str:
        shown = f"{self.spec.title}{pick(': ', '：')}{self.spec.prompt}"
        last = self.last_time()
        return f"{shown}\n{last}" if last else shown

    def _repr_html_(self) -> str:
        title, prompt = html.escape(str(self.spec.title)), html.escape(str(self.spec.prompt))
        lines = [f"<strong>{title}</strong>{pick(': ', '：')}{prompt}"]
        last = self.last_time()
        if last:
            lines.append(f'<div style="color:#6b7280">{html.escape(last)}</div>')
        if isinstance(self.spec, MatchExercise):
            items = "".join(f"<li>{html.escape(str(c.text))}</li>" for c in self.spec.items)
            cats = "; ".join(
                f"<b>{LETTERS[i]}</b>&ensp;{html.escape(str(c.text))}"
                for i, c in enumerate(self.spec.categories)
            )
            colon = pick(": ", "：")
            lines.append(f"<ul>{items}</ul><p>{html.escape(label('categories'))}{colon}{cats}</p>")
        elif getattr(self.spec, "options", None):
            lines.append("<ul style='list-style:none;padding-left:1em'>")
            lines += [
                f"<li><b>{LETTERS[i]}</b>&ensp;{html.escape(str(c.text))}</li>"
                for i, c in enumerate(self.spec.options)
            ]
            lines.append("</ul>")
        return "\n".join(lines)


class ExerciseBook:
    """A chapter's exercises by key: ``ex = exercises_for("01_department_structure"); ex.q1``."""

    def __init__(self, chapter: str):
        self.chapter = chapter
        self._exercises = {
            e.key: Exercise(e, chapter) for e in load_playbook(f"exercises/{chapter}").exercises
        }
        with contextlib.suppress(StoreError):  # each check says so when it cannot be recorded
            progress.record(chapter, "open")

    def __getattr__(self, key: str) -> Exercise:
        try:
            return self.__dict__["_exercises"][key]
        except KeyError:
            known = ", ".join(self.__dict__.get("_exercises", {}))
            raise AttributeError(
                f"No exercise {key!r} in {self.chapter} — known: {known}"
            ) from None

    def __iter__(self):
        return iter(self._exercises.values())

    def __len__(self) -> int:
        return len(self._exercises)


def exercises_for(chapter: str) -> ExerciseBook:
    """Load a chapter's exercises, e.g. ``ex = exercises_for("01_department_structure")``."""
    return ExerciseBook(chapter)
