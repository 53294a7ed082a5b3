"""The course manifest (``playbook/course.yaml``) and the repository agree: every notebook,
playbook file, exercise set and trainer guide is listed, every listed file is there, and each
chapter's files carry its one name. The check is also run on a copy broken on purpose."""

import json
import shutil

import pytest

from opsbook.content import course, load_playbook
from opsbook.content.course import file_problems, notebook_paths
from opsbook.core.errors import ContentError
from opsbook.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT


def test_the_manifest_and_the_repository_agree():
    assert file_problems(course(), PROJECT_ROOT) == []


def test_each_chapters_files_read_and_carry_its_name():
    for chapter in course().chapters:
        assert load_playbook(f"exercises/{chapter.id}").exercises
        assert load_playbook(f"trainer_guide/{chapter.id}").chapter == chapter.id
        for name in chapter.content:
            load_playbook(name)
        for path in notebook_paths(course(), NOTEBOOKS_DIR, "en")[1:6]:
            heading = json.loads(path.read_text("utf-8"))["cells"][0]["source"][0]
            assert heading.startswith(f"# {path.stem[:2]} · "), path.name


def test_a_name_the_playbook_does_not_have_is_refused():
    with pytest.raises(ContentError, match='"organization" is not a file of the playbook'):
        load_playbook("organization")


def test_the_check_names_an_unlisted_notebook_and_a_missing_file(tmp_path):
    for folder in ("notebooks", "playbook"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    shutil.copytree(
        PROJECT_ROOT / "lib" / "opsbook",
        tmp_path / "lib" / "opsbook",
        ignore=shutil.ignore_patterns("*.otf", "*.ttf", "vendor", "__pycache__"),
    )
    (tmp_path / "notebooks" / "zh" / "99_unlisted.ipynb").write_text("{}")
    (tmp_path / "playbook" / "unlisted.yaml").write_text("{}")
    (tmp_path / "playbook" / "exercises" / "04_event_sop.yaml").unlink()
    assert file_problems(course(), tmp_path) == [
        "playbook/exercises/04_event_sop.yaml: listed in playbook/course.yaml but missing",
        "notebooks/zh/99_unlisted.ipynb: not in playbook/course.yaml — add it to the course "
        "(a chapter, a worksheet or a chapter's content) or remove it",
        "playbook/unlisted.yaml: not in playbook/course.yaml — add it to the course (a "
        "chapter, a worksheet or a chapter's content) or remove it",
    ]


def test_chapters_are_numbered_in_order(write_yaml):
    text = (PROJECT_ROOT / "playbook" / "course.yaml").read_text("utf-8")
    swapped = text.replace("id: 02_four_powers", "id: 03_four_powers", 1)
    with pytest.raises(ContentError, match=r"chapter 2 must be numbered 02"):
        course(write_yaml(swapped, "course.yaml"))


def test_a_model_the_playbook_does_not_have_is_named(write_yaml):
    text = (PROJECT_ROOT / "playbook" / "course.yaml").read_text("utf-8")
    wrong = text.replace("{four_powers: FourPowers}", "{four_powers: FourPower}", 1)
    with pytest.raises(
        ContentError,
        match=r"chapters\[1\] \(02_four_powers\)\.content\.four_powers: 'FourPower' is not a model",
    ):
        course(write_yaml(wrong, "course.yaml"))
