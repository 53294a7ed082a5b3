"""The start page's progress map reads the record as worked by hand, in both languages."""

from opsbook.core.i18n import language
from opsbook.course.progress_map import ProgressMap
from tests.course.test_progress import CHAPTER, WORKED, _entry


def test_the_map_shows_each_chapters_marks_counts_and_time():
    shown = repr(ProgressMap(WORKED)).splitlines()
    assert shown[1] == (
        "01 How an operations organization is built | ✓ ✓ ✓ ✗ ○ | 3/5 | 2/5 | 0/3 | 29 min | –"
    )
    assert shown[2].endswith("| ○ ○ ○ ○ ○ | 0/5 | – | – | – | –")
    assert "Next: How an operations organization is built, exercise 4" in shown
    with language("zh"):
        shown = repr(ProgressMap(WORKED)).splitlines()
    assert shown[1] == "01 运营组织怎么搭 | ✓ ✓ ✓ ✗ ○ | 3/5 | 2/5 | 0/3 | 29 分钟 | –"
    assert "下一步：运营组织怎么搭，练习 4" in shown


def test_the_rich_map_links_each_chapter_and_escapes_nothing_it_should_not():
    page = ProgressMap(WORKED)._repr_html_()
    assert f'<a href="{CHAPTER}.ipynb">01 How an operations organization is built</a>' in page
    assert page.count("<tr>") == 1 + 5  # the header and a row per chapter


def test_when_everything_is_done_the_map_says_so_and_a_checkpoint_left_comes_next(monkeypatch):
    from opsbook import content
    from opsbook.content import load_playbook
    from opsbook.course import checkpoint

    monkeypatch.setenv("JUPYTERHUB_USER", "ann")  # the map reads ann's own checkpoints

    chapters = content.course().chapters
    record = [
        {**_entry(1, "check", spec.key, result="correct"), "chapter": chapter.id}
        for chapter in chapters
        for spec in load_playbook(f"exercises/{chapter.id}").exercises
    ]
    quizzes = [
        {**_entry(2, "checkpoint", question.key, result="correct"), "chapter": chapter.id}
        for chapter in chapters
        for question in checkpoint.draw(chapter.id, "ann")
    ]
    assert f"Next: {chapters[0].title}, the checkpoint at its end" in repr(ProgressMap(record))
    shown = repr(ProgressMap(record + quizzes[3:]))  # all but chapter 1's checkpoint
    assert f"Next: {chapters[0].title}, the checkpoint at its end" in shown
    assert "Every exercise and checkpoint is done" in repr(ProgressMap(record + quizzes))


def test_the_app_shows_the_map_without_links_to_notebooks_it_cannot_open():
    page = ProgressMap(WORKED, links=False)._repr_html_()
    assert "<a href" not in page and "<td>01 How an operations organization is built</td>" in page
