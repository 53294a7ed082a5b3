"""The trainer guide (`make guide`): content data per chapter in both languages, rendered to a
page with minute marks and the answer key read from the chapter's exercises."""

import html
import json

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import ContentError
from opsbook.core.i18n import language
from opsbook.core.paths import PLAYBOOK_DIR
from opsbook.core.settings import EDITIONS
from opsbook.course.trainer_guide import answer_text, guide_page, minute_marks
from opsbook.serve import publish

CHAPTERS = [p.stem for p in publish.chapters("en")]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_sessions_fill_45_and_90_minutes(chapter):
    guide = load_playbook(f"trainer_guide/{chapter}")
    assert minute_marks(guide.session_45)[-1].endswith("–45")
    assert minute_marks(guide.session_90)[-1].endswith("–90")
    assert 3 <= len(guide.discussion) <= 5
    assert len(guide.activity.steps) >= 2 and len(guide.misconceptions) >= 2


def test_a_session_that_does_not_add_up_is_refused_with_the_fix(write_yaml):
    text = (PLAYBOOK_DIR / "trainer_guide" / "01_department_structure.yaml").read_text("utf-8")
    broken = write_yaml(text.replace("  - minutes: 12\n", "  - minutes: 13\n", 1), "guide.yaml")
    with pytest.raises(ContentError) as error:
        load_playbook("trainer_guide/01_department_structure", broken)
    message = str(error.value)
    assert "guide.yaml" in message and "session_45" in message and "46 minutes, not 45" in message


@pytest.mark.parametrize("edition", ["en", "zh"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_page_has_the_run_of_show_and_the_answer_key(chapter, edition):
    with language(edition):
        page = guide_page(chapter, "title")
        guide = load_playbook(f"trainer_guide/{chapter}")
        for mark in minute_marks(guide.session_90):
            assert f"<td>{mark}</td>" in page
        assert str(guide.activity.title) in page
        for exercise in load_playbook(f"exercises/{chapter}").exercises:
            assert html.escape(str(exercise.solution)) in page  # the reasoning
            assert html.escape(answer_text(exercise)) in page
            for option in getattr(exercise, "options", []):
                if option.why_not is not None:
                    assert html.escape(str(option.why_not)) in page
    assert ('lang="zh"' in page) == (edition == "zh")


def test_answers_read_the_way_a_trainer_says_them():
    exercises = {e.key: e for e in load_playbook("exercises/02_four_powers").exercises}
    assert answer_text(exercises["q1"]) == "72,000 yuan (± 1)"
    assert answer_text(exercises["q2"]).startswith("B · Product-page conversion")
    matched = {e.key: e for e in load_playbook("exercises/01_department_structure").exercises}["q2"]
    assert "→" in answer_text(matched)


def test_learners_notebooks_keep_the_answers_to_themselves():
    """The answer key is in the guide; a chapter shows a solution only when a learner asks."""
    for chapter in CHAPTERS:
        for edition, folder in ((e.code, e.notebooks) for e in EDITIONS.values()):
            shown = json.dumps(
                [
                    c.get("outputs", [])
                    for c in json.loads((folder / f"{chapter}.ipynb").read_text("utf-8"))["cells"]
                ],
                ensure_ascii=False,
            )
            with language(edition):
                for exercise in load_playbook(f"exercises/{chapter}").exercises:
                    assert str(exercise.solution) not in shown, (chapter, edition, exercise.key)


def test_make_guide_writes_a_page_per_chapter_and_edition(tmp_path):
    written = publish.write_guides(["en", "zh"], tmp_path)
    assert [f"{p.parent.name}/{p.stem}" for p in written] == [
        f"{lang}/{chapter}" for lang in ("en", "zh") for chapter in CHAPTERS
    ]
    first_chinese = written[len(CHAPTERS)]
    assert "培训师手册 · 01 · 运营组织怎么搭" in first_chinese.read_text("utf-8")
