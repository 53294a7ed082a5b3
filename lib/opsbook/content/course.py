"""Typed model of ``playbook/course.yaml``: the course manifest. It lists the start page, the
chapters in order and the worksheets; every file of a chapter follows from its id (the
notebooks' name), so a chapter has one name from its files to its package:

- ``notebooks/<id>.ipynb`` and ``notebooks/zh/<id>.ipynb``: the two editions;
- ``playbook/exercises/<id>.yaml`` and ``playbook/trainer_guide/<id>.yaml``;
- ``lib/opsbook/<name>/``: its domain package, ``<name>`` being the id without its number;
- ``playbook/<file>.yaml`` for each entry of ``content``, read as the model it names.
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from opsbook.content.base import Key, Model, Text, duplicate_keys
from opsbook.core.errors import ContentError

PageId = Annotated[str, StringConstraints(pattern=r"^\d\d_[a-z][a-z0-9_]*$")]
# the name of a model a playbook file is read as (opsbook.content.MODELS: checked on load)
ModelName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z]+$")]


class Page(Model):
    id: PageId | Key
    title: Text


class Chapter(Model):
    id: PageId
    title: Text
    outcome: Text  # what a learner can do after it (the start page's map)
    content: dict[Key, ModelName] = Field(min_length=1)

    @property
    def number(self) -> int:
        return int(self.id[:2])

    @property
    def name(self) -> str:
        """The chapter's name without its number: its domain package's name."""
        return self.id[3:]


class Worksheet(Page):
    app: Key | None = None  # served by make app SHEET=<app>


class Course(Model):
    version: Literal[1]
    start: Page
    chapters: list[Chapter] = Field(min_length=1)
    worksheets: list[Worksheet] = []
    # playbook files every chapter refers to (playbook/<name>.yaml), with their models
    reference: dict[Key, ModelName] = {}

    def chapter(self, chapter_id: str) -> Chapter:
        found = {c.id: c for c in self.chapters}
        if chapter_id not in found:
            raise ContentError(
                f'"{chapter_id}" is not a chapter of playbook/course.yaml — use one of: '
                f"{', '.join(found)}."
            )
        return found[chapter_id]

    def content_models(self) -> dict[str, str]:
        """Each playbook file's name (``calendar``) and the model it is read as."""
        chapters = {name: model for c in self.chapters for name, model in c.content.items()}
        return chapters | self.reference


def check_course(course: Course) -> list[tuple[str, str]]:
    """Chapters numbered 01, 02 … in order, every id and content file named once."""
    problems = duplicate_keys("chapters", (c.id for c in course.chapters))
    problems += duplicate_keys("content", (n for c in course.chapters for n in c.content))
    problems += duplicate_keys("worksheets", (w.id for w in course.worksheets))
    for index, chapter in enumerate(course.chapters):
        if chapter.number != index + 1:
            problems.append(
                (
                    f"chapters[{index}] ({chapter.id})",
                    f"chapter {index + 1} must be numbered {index + 1:02d} — rename its files "
                    "or move its entry",
                )
            )
    return problems


def notebook_paths(course: Course, notebooks: Path, edition: str) -> list[Path]:
    """The notebooks of an edition (``notebooks/`` or ``notebooks/zh/``) in the course's order:
    the start page, the chapters, the worksheets."""
    folder = notebooks / "zh" if edition == "zh" else notebooks
    return [
        folder / f"{course.start.id}.ipynb",
        *(folder / f"{c.id}.ipynb" for c in course.chapters),
        *(folder / "worksheets" / f"{w.id}.ipynb" for w in course.worksheets),
    ]


def file_problems(course: Course, root: Path) -> list[str]:
    """What the manifest and the repository at ``root`` disagree on: a listed file that is
    missing, and a notebook, playbook file, exercise set or trainer guide that is not listed."""
    playbook, notebooks, package = root / "playbook", root / "notebooks", root / "lib" / "opsbook"
    listed = {p for edition in ("en", "zh") for p in notebook_paths(course, notebooks, edition)}
    listed |= {playbook / f"{name}.yaml" for name in course.reference}
    for chapter in course.chapters:
        listed |= {playbook / "exercises" / f"{chapter.id}.yaml"}
        listed |= {playbook / "trainer_guide" / f"{chapter.id}.yaml"}
        listed |= {playbook / f"{name}.yaml" for name in chapter.content}
        listed |= {package / chapter.name / "__init__.py"}
    problems = [
        f"{p.relative_to(root).as_posix()}: listed in playbook/course.yaml but missing"
        for p in sorted(listed)
        if not p.is_file()
    ]
    present = [
        *notebooks.rglob("*.ipynb"),
        *playbook.glob("*.yaml"),
        *(playbook / "exercises").glob("*.yaml"),
        *(playbook / "trainer_guide").glob("*.yaml"),
    ]
    problems += [
        f"{p.relative_to(root).as_posix()}: not in playbook/course.yaml — add it to the course "
        "(a chapter, a worksheet or a chapter's content) or remove it"
        for p in sorted(present)
        if p not in listed and p.name != "course.yaml" and ".ipynb_checkpoints" not in p.parts
    ]
    return problems
