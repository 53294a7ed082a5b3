"""A chapter's checkpoint: a draw of its own per learner (the same each time), answered with the
quiz's controls as a learner uses them, checked by the exercises' own checker and kept in the
progress record; the chapter is complete once its exercises and its checkpoint are done."""

import re

import pytest

from opsbook.content import load_playbook
from opsbook.content.exercises import LETTERS
from opsbook.core.i18n import language
from opsbook.course import checkpoint, progress
from opsbook.widgets import CheckpointQuiz, checkpoint_quiz

CHAPTERS = ["01_department_structure", "02_four_powers", "05_daily_operations"]


@pytest.fixture
def learner(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSBOOK_HOME", str(tmp_path))
    monkeypatch.setenv("JUPYTERHUB_USER", "ann")
    return "ann"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_learner_draws_their_own_questions_the_same_each_time(chapter):
    exercises = {e.key: e for e in load_playbook(f"exercises/{chapter}").exercises}
    draws = {name: checkpoint.draw(chapter, name) for name in ("ann", "bob", "cai", "dan")}
    for questions in draws.values():
        assert len(questions) == progress.CHECKPOINT_SIZE
        assert len({q.key for q in questions}) == progress.CHECKPOINT_SIZE
        for question in questions:  # the chapter's exercise, its options in another order
            original = exercises[question.key]
            assert question.prompt == original.prompt
            if hasattr(original, "options"):
                assert sorted(o.key for o in question.options) == sorted(
                    o.key for o in original.options
                )
    assert [q.key for q in checkpoint.draw(chapter, "ann")] == [q.key for q in draws["ann"]]
    orders = {tuple((q.key, *(o.key for o in getattr(q, "options", []))) for q in d)
              for d in draws.values()}  # fmt: skip
    assert len(orders) > 1  # not everybody gets the same quiz


def _letter(question, key: str) -> str:
    return LETTERS[[o.key for o in question.spec.options].index(key)]


def _answer_right(question) -> None:
    """Set the controls as a learner who knows the answer would."""
    spec = question.spec
    if spec.kind == "choice":
        question.pick.value = _letter(question, spec.answer)
    elif spec.kind == "multi":
        for key in spec.answer:
            question.ticks[_letter(question, key)].value = True
    elif spec.kind == "number":
        question.number.value = f"{spec.answer:g}"
    else:
        categories = [c.key for c in spec.categories]
        for item, category in spec.answer.items():
            question.places[item].value = LETTERS[categories.index(category)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answered_with_its_controls_the_checkpoint_is_passed_and_recorded(learner, chapter):
    quiz = CheckpointQuiz(chapter)
    assert quiz.summary().endswith("0 of 3 right so far.")
    first = quiz.questions[0]
    assert quiz.check(first).status.value == "not_attempted"  # nothing given: nothing kept
    assert progress.events() == [] or all(e["event"] != "checkpoint" for e in progress.events())
    for question in quiz.questions:
        _answer_right(question)
        assert quiz.check(question).status.value == "correct"
        assert "Right." in question.result.value
    assert quiz.summary() == "Checkpoint passed: 3 of 3 right."
    kept = [e for e in progress.events() if e["event"] == "checkpoint"]
    assert [(e["exercise"], e["result"]) for e in kept] == [
        (q.spec.key, "correct") for q in quiz.questions
    ]
    [done] = [c for c in progress.chapters(progress.events()) if c.chapter == chapter]
    assert (done.checkpoint_right, done.checkpoint_passed, done.complete) == (3, True, False)
    assert CheckpointQuiz(chapter).summary() == "Checkpoint passed: 3 of 3 right."  # reopened


def test_a_wrong_choice_is_named_by_the_letter_the_learner_sees(learner):
    quiz = CheckpointQuiz("01_department_structure")
    choice = next(q for q in quiz.questions if q.spec.kind in ("choice", "multi"))
    wrong = next(o for o in choice.spec.options if o.key not in str(choice.spec.answer))
    if choice.spec.kind == "choice":
        choice.pick.value = _letter(choice, wrong.key)
    else:
        choice.ticks[_letter(choice, wrong.key)].value = True
    shown = quiz.check(choice)
    assert shown.status.value == "wrong"
    [kept] = [e for e in progress.events() if e["event"] == "checkpoint"]
    assert (kept["result"], kept["mistake"]) == ("wrong", f"picked:{wrong.key}")
    if not wrong.why_not:  # the generic message names the option as shown
        assert f"{_letter(choice, wrong.key)} {wrong.text}" in shown.message


def test_the_quiz_speaks_the_notebooks_language(learner):
    with language("zh"):
        quiz = CheckpointQuiz("01_department_structure")
        assert quiz.summary().startswith("本章测验：从本章练习中随机抽取 3 题")
        assert quiz.questions[0].button.description == "检查"
        page = quiz.static_html()
    assert checkpoint_quiz.quiz_prompt(quiz.questions[0].spec) not in page  # now in English
    with language("zh"):
        assert checkpoint_quiz.quiz_prompt(quiz.questions[0].spec) in page


@pytest.mark.parametrize("chapter", [*CHAPTERS, "03_plan_writing", "04_event_sop"])
def test_the_quiz_asks_for_its_controls_not_for_typed_code(chapter):
    for spec in load_playbook(f"exercises/{chapter}").exercises:
        for edition in ("en", "zh"):
            with language(edition):
                asked = checkpoint_quiz.quiz_prompt(spec)
            assert not re.search(r"\bdict\b|letter|such as A|字典|字母|例如 \{", asked), asked
            if spec.kind in ("multi", "match"):  # the question itself is kept
                assert asked.startswith(str(getattr(spec.prompt, edition))[:8])


def test_the_score_is_what_the_record_keeps_read_again_each_time(learner, tmp_path):
    first, second = CheckpointQuiz(CHAPTERS[0]), CheckpointQuiz(CHAPTERS[0])
    for question in first.questions:
        _answer_right(question)
        first.check(question)
    assert second.summary() == "Checkpoint passed: 3 of 3 right."  # the other notebook's
    progress.forget()
    assert first.summary().endswith("0 of 3 right so far.")
    (tmp_path / "progress" / "record.json").write_text('{"version": 1, "events": [1]}', "utf-8")
    question = first.questions[0]
    _answer_right(question)
    shown = first.check(question)  # checked, not kept, and the score does not pretend
    assert shown.status.value == "correct" and "Not recorded in your progress" in shown.message
    assert first.summary().startswith("Your progress record cannot be read")


def test_a_match_is_checked_once_every_item_is_placed(learner):
    quiz = CheckpointQuiz("02_four_powers")  # ann's draw holds its match question (q5)
    [match] = [q for q in quiz.questions if q.spec.kind == "match"]
    next(iter(match.places.values())).value = "A"
    assert quiz.check(match).status.value == "not_attempted"
    assert all(e["event"] != "checkpoint" for e in progress.events())


def test_any_name_draws_a_quiz_and_match_categories_move_too():
    assert checkpoint.draw(CHAPTERS[0], "bad\udcff")  # not valid UTF-8, as a hub may pass it
    orders = {
        tuple(c.key for c in q.categories)
        for name in ("ann", "bob", "cai", "dan", "eve", "fay")
        for q in checkpoint.draw("02_four_powers", name)
        if q.kind == "match"
    }
    assert len(orders) > 1
