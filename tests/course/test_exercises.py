"""The exercise checker: "not attempted", "wrong, because …" and "correct" are distinct and
deterministic for every kind; hints come in levels; the answers agree with the playbook."""

import pytest

from opsbook import department_structure
from opsbook.content import load_playbook
from opsbook.core.i18n import language
from opsbook.course.exercises import Feedback, Status, evaluate, exercises_for


@pytest.fixture
def ex():
    return exercises_for("01_department_structure")


@pytest.mark.parametrize(
    ("key", "wrong", "right"),
    [
        ("q1", "a", "b"),
        (
            "q2",
            {"business_center": "middle"},
            {
                "business_center": "front",
                "copywriting": "middle",
                "operations": "middle",
                "customer_service": "middle",
                "technology": "back",
            },
        ),
        ("q3", ["a", "e"], ["d", "c", "b", "a"]),
        ("q4", 8, 9),
        ("q5", "d", "b"),
    ],
)
def test_three_outcomes(ex, key, wrong, right):
    exercise = getattr(ex, key)
    results = [exercise.check(), exercise.check(wrong), exercise.check(right)]
    assert [r.status for r in results] == [Status.NOT_ATTEMPTED, Status.WRONG, Status.CORRECT]
    assert len({r.message for r in results}) == 3
    assert exercise.check(wrong) == results[1]  # deterministic


def test_wrong_choice_explains_why(ex):
    feedback = ex.q1.check("c")
    assert "receives the photos and copy" in feedback.message


def test_choice_accepts_case_and_spaces(ex):
    assert ex.q1.check(" B ").status is Status.CORRECT


def test_invalid_answers_say_how_to_answer(ex):
    assert "answer with a letter (A, B, C, D) or the option's name" in ex.q1.check("z").message
    assert "is not a list of options" in ex.q3.check(42).message
    assert "is not a number — answer with digits" in ex.q4.check("nine").message
    assert "is not a mapping" in ex.q2.check(["front"]).message
    assert ex.q4.check(True).status is Status.WRONG


def test_multi_names_wrong_picks_and_counts_missing(ex):
    message = ex.q3.check(["a", "e"]).message
    assert '"E The accounting software the merchant uses": it changes nothing' in message
    assert "3 right option(s) still missing" in message


def test_match_names_misplaced_items(ex):
    answer = {"business_center": "middle", "copywriting": "middle"}
    message = ex.q2.check(answer).message
    assert "1 item(s) in the wrong place: Business center (BD)" in message
    assert "Still to place: Operations, Customer service, Technology center" in message


def test_number_says_direction_without_revealing(ex):
    assert "too high" in ex.q4.check(12).message
    assert "too low" in ex.q4.check(3).message
    assert "9" not in ex.q4.check(3).message


def test_hints_come_in_levels_and_stop_at_the_last(ex):
    first, second, third = ex.q1.hint(), ex.q1.hint(), ex.q1.hint()
    assert first.title == "Hint 1/2" and second.title == "Hint 2/2"
    assert third == second and "last hint" in second.message
    assert ex.q1.hint(1) == first


def test_feedback_renders_as_escaped_rich_text():
    html = Feedback(Status.WRONG, "<b>t</b>", "a < b")._repr_html_()
    assert "&lt;b&gt;t&lt;/b&gt;" in html and "a &lt; b" in html
    assert repr(Feedback(Status.CORRECT, "T", "m")) == "✓ T: m"


def test_feedback_follows_language(ex):
    with language("zh"):
        assert ex.q1.check().title == "练习 1 — 尚未作答"


def test_unknown_exercise_lists_known(ex):
    with pytest.raises(AttributeError, match="known: q1, q2, q3, q4, q5"):
        _ = ex.q9


# The answers must stay true to the playbook when a trainer edits it.
def test_q2_answer_matches_the_offices_in_the_playbook(ex):
    playbook = load_playbook("department_structure")
    offices = {d.key: d.office for d in playbook.departments}
    assert evaluate(ex.q2.spec, offices)[0] is Status.CORRECT


def test_q4_answer_matches_the_responsibility_matrix(ex):
    playbook = load_playbook("department_structure")
    matrix = department_structure.responsibility_matrix(playbook)
    marketing_lead = next(r for r in playbook.role_map.roles if r.key == "marketing_lead")
    owned = int((matrix[str(marketing_lead.name)] == "R").sum())
    assert ex.q4.check(owned).status is Status.CORRECT


def test_q5_answer_matches_the_chooser(ex):
    playbook = load_playbook("department_structure")
    best = department_structure.recommend_model(
        playbook,
        {
            "team_size": "medium",
            "offline_stores": "many",
            "ecommerce_team": "no",
            "budget": "low",
            "main_goal": "store_sales",
        },
    ).best.model
    option = next(o for o in ex.q5.spec.options if o.key == ex.q5.spec.answer)
    assert option.text.en == best.name.en


def _spec(chapter: str, key: str):
    return next(e for e in exercises_for(chapter)._exercises.values() if e.spec.key == key).spec


@pytest.mark.parametrize(
    "typed",
    ["b", "B", " b ", "（B）", "(b)", "b.", "“b”", "文案部", "Copywriting and content"],
)
def test_a_choice_is_read_however_it_is_typed(typed):
    assert evaluate(_spec("01_department_structure", "q1"), typed)[0] is Status.CORRECT


@pytest.mark.parametrize("typed", ["a", "x", "", "b c"])
def test_a_wrong_or_unknown_choice_is_not_accepted(typed):
    assert evaluate(_spec("01_department_structure", "q1"), typed)[0] is Status.WRONG


def test_a_match_accepts_names_in_either_language():
    spec = _spec("01_department_structure", "q2")
    typed = {"商务中心": "前台", "文案部": "中台", "Operations": "Middle office",
             "客服部": "middle", "technology": "（back）"}  # fmt: skip
    assert evaluate(spec, typed)[0] is Status.CORRECT


@pytest.mark.parametrize("typed", ["52%", "52 %", "52％", "0.52", "52", "５２", 52.0, 0.52])
def test_a_share_is_accepted_as_a_percentage_or_a_fraction(typed):
    assert evaluate(_spec("02_four_powers", "q3"), typed)[0] is Status.CORRECT


@pytest.mark.parametrize("typed", ["72000", "72,000", "¥72,000", "72,000元", "7.2万", "７２０００"])
def test_an_amount_is_read_as_operators_write_it(typed):
    assert evaluate(_spec("02_four_powers", "q1"), typed)[0] is Status.CORRECT


@pytest.mark.parametrize("typed", ["9 tasks", "9 Tasks", "9项任务", "9 项任务", "9。", " 9 "])
def test_a_count_may_be_typed_with_its_unit(typed):
    assert evaluate(_spec("01_department_structure", "q4"), typed)[0] is Status.CORRECT


def test_a_unit_that_is_not_the_questions_is_not_taken_away():
    status, _, mistake = evaluate(_spec("01_department_structure", "q4"), "9 days")
    assert (status, mistake) == (Status.WRONG, "not_a_number")


def test_an_answer_off_by_a_hundred_asks_about_percentages_only_when_one_is_asked():
    share = _spec("02_four_powers", "q3")  # a rate in percent
    status, message, mistake = evaluate(share, share.answer * 100)
    assert status is Status.WRONG and "did you mean a percentage?" in message
    assert mistake == "factor_100"
    with language("zh"):
        status, message, _ = evaluate(share, f"{share.answer * 100:g}")
    assert "差了 100 倍" in message
    amount = _spec("02_four_powers", "q1")  # yuan: the hint would give the answer away
    status, message, mistake = evaluate(amount, amount.answer / 100)
    assert (status, mistake) == (Status.WRONG, "too_low") and "100" not in message


@pytest.mark.parametrize(
    ("chapter", "key", "typed"),
    [
        ("02_four_powers", "q2", "B"),  # options keyed by words are answered by their letter
        ("02_four_powers", "q2", "详情页转化率"),  # the name before its explanation
        ("02_four_powers", "q4", "b"),
        ("04_event_sop", "q1", "B"),
        ("03_plan_writing", "q5", "A, C, D"),
        ("03_plan_writing", "q5", ["a", "c", "d"]),
    ],
)
def test_options_are_answered_by_the_letter_shown_or_their_name(chapter, key, typed):
    spec = _spec(chapter, key)
    if spec.kind == "choice":
        letter = "ABCD"[[o.key for o in spec.options].index(spec.answer)]
        assert letter == "B"  # the case is about the letter B: the data still says so
    assert evaluate(spec, typed)[0] is Status.CORRECT


def test_options_show_their_letters_and_names_never_a_key():
    from opsbook.course.exercises import Exercise

    with language("zh"):
        shown = Exercise(_spec("02_four_powers", "q2"))._repr_html_()
        match = Exercise(_spec("02_four_powers", "q5"))._repr_html_()
    assert "<b>A</b>&ensp;" in shown and "<b>D</b>&ensp;" in shown
    for html in (shown, match):
        assert "<code>" not in html and "aov" not in html and "official_site" not in html
    assert "官网延伸" in match and "类别" in match


def test_a_match_takes_each_category_by_its_letter():
    spec = _spec("02_four_powers", "q5")
    with language("zh"):
        typed = {"官网延伸": "A", "电商渠道": "B", "清仓场域": "C", "会员服务平台": "D",
                 "社交裂变工具": "E"}  # fmt: skip
        assert evaluate(spec, typed)[0] is Status.CORRECT
        status, message, _ = evaluate(spec, {**typed, "清仓场域": "A"})
    assert status is Status.WRONG and "有 1 项放错了：清仓场域" in message


@pytest.mark.parametrize(
    ("key", "answer", "mistake"),
    [
        ("q1", "z", "not_an_option"),
        ("q1", "a", "picked:a"),
        ("q2", ["front"], "not_a_mapping"),
        ("q2", {"nobody": "front"}, "unknown_names"),
        ("q2", {"business_center": "middle"}, "misplaced"),
        ("q2", {"business_center": "front"}, "unplaced"),
        ("q3", 42, "not_options"),
        ("q3", ["a", "e"], "picked:e"),
        ("q3", ["a"], "missing"),
        ("q4", "nine", "not_a_number"),
        ("q4", 900, "too_high"),  # a count: off by 100 would give the answer away
        ("q4", 12, "too_high"),
        ("q4", 3, "too_low"),
        ("q4", 9, None),
    ],
)
def test_a_wrong_answer_is_told_by_its_kind_of_mistake(ex, key, answer, mistake):
    assert evaluate(getattr(ex, key).spec, answer).mistake == mistake
