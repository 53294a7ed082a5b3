"""Four-powers worksheets on disk: the versioned file format, its validation, and conversion to
and from :class:`~opsbook.four_powers.assessment.Assessment`.

A worksheet file is UTF-8 JSON that a person can read and a team can e-mail to its trainer::

    {
      "format": "opsbook-four-powers-worksheet",
      "version": 1,
      "id": "20261122-3fa9c1",
      "team": "South Bay stores",
      "period": "2026-Q4",
      "updated": "2026-11-22T09:30:00Z",
      "answers": {
        "op_public_reach": {"level": 3, "target": 4, "not_applicable": false, "evidence": "…"}
      }
    }

``answers`` is keyed by the item keys of ``playbook/four_powers.yaml``; ``level`` and ``target``
are 1–5 or null (not answered / default target 4). Files are saved by :mod:`opsbook.store`
(atomic, locked, never overwriting a file that does not validate).
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opsbook import handin
from opsbook.bounds import bounded_text
from opsbook.content.four_powers import FourPowers
from opsbook.content.loader import format_validation
from opsbook.errors import StoreError
from opsbook.four_powers.assessment import Answer, Assessment
from opsbook.store import DocumentStore, now_stamp, read_json, shown_path, work_home

FORMAT = "opsbook-four-powers-worksheet"
VERSION = 1
Level = Annotated[int, Field(ge=1, le=5)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerRecord(_Strict):
    level: Level | None = None
    target: Level | None = None
    not_applicable: bool = False
    evidence: bounded_text(5000) = ""


class WorksheetRecord(_Strict):
    format: Literal["opsbook-four-powers-worksheet"]
    version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    team: bounded_text(200) = ""
    period: bounded_text(40) = ""
    updated: bounded_text(40) = ""
    answers: Annotated[dict[bounded_text(100), AnswerRecord], Field(max_length=500)] = {}


def validator(rubric: FourPowers):
    """A store validator: the file must match the format and name only items of the rubric."""
    known = set(rubric.items)

    def validate(raw: dict, shown: str) -> dict:
        if isinstance(raw, dict) and raw.get("format") == FORMAT and raw.get("version") != VERSION:
            raise StoreError(
                f"{shown}: worksheet format version {raw.get('version')!r} is not supported — "
                f"this course reads version {VERSION}; update the course with `git pull`."
            )
        try:
            record = WorksheetRecord.model_validate(raw)
        except ValidationError as error:
            raise StoreError(
                format_validation(shown, raw, error)
                + " The file has not been changed; fix it or move it out of the folder."
            ) from None
        unknown = sorted(set(record.answers) - known)
        if unknown:
            raise StoreError(
                f"{shown}, answers: {', '.join(unknown)} "
                f"{'is not an item' if len(unknown) == 1 else 'are not items'} of "
                "playbook/four_powers.yaml — the file comes from a different version of the "
                "playbook; ask the trainer for it, or delete these answers from the file."
            )
        return record.model_dump(mode="json")

    return validate


def to_assessment(document: dict) -> Assessment:
    return Assessment(
        team=document["team"],
        period=document["period"],
        answers={key: Answer(**fields) for key, fields in document["answers"].items()},
    )


class WorksheetFiles:
    """The team's worksheets in the work folder (``$OPSBOOK_HOME/worksheets``)."""

    def __init__(self, rubric: FourPowers, folder: Path | None = None):
        self.rubric = rubric
        self.store = DocumentStore(folder or work_home() / "worksheets", validator(rubric))

    @property
    def folder(self) -> Path:
        return self.store.folder

    def create(self, team: str = "", period: str = "", copy_from: str | None = None) -> str:
        """Start a new worksheet (optionally with the answers of another one); return its id."""
        doc_id = self.store.new_id()
        answers = self.store.read(copy_from)["answers"] if copy_from else {}
        self.store.write(
            doc_id,
            {
                "format": FORMAT,
                "version": VERSION,
                "id": doc_id,
                "team": team,
                "period": period,
                "updated": now_stamp(),
                "answers": answers,
            },
        )
        return doc_id

    def read(self, doc_id: str) -> dict:
        return self.store.read(doc_id)

    def assessment(self, doc_id: str) -> Assessment:
        return to_assessment(self.store.read(doc_id))

    def set_header(self, doc_id: str, **fields: str) -> dict:
        """Change the team name or the period (``team=`` / ``period=``)."""

        def change(document: dict) -> dict:
            return {**document, **fields, "updated": now_stamp()}

        return self.store.update(doc_id, change)

    def set_answer(self, doc_id: str, item: str, **fields) -> dict:
        """Change some fields of one answer (level, target, not_applicable, evidence)."""
        if item not in self.rubric.items:
            raise StoreError(f'"{item}" is not an item of playbook/four_powers.yaml.')

        def change(document: dict) -> dict:
            answers = dict(document["answers"])
            answers[item] = {**answers.get(item, {}), **fields}
            return {**document, "answers": answers, "updated": now_stamp()}

        return self.store.update(doc_id, change)

    def listing(self) -> tuple[list[dict], list[str]]:
        """Readable worksheets, newest first (id, team, period, updated), and one message per
        file in the folder that cannot be read — from one pass over the folder."""
        documents, problems = self.store.read_all()
        keys = ("id", "team", "period", "updated")
        return [{k: d[k] for k in keys} for d in documents], problems

    def import_file(self, path: Path) -> str:
        """Validate a worksheet file sent by a team and add it to this folder; return its id."""
        document = self.store.validate(read_json(Path(path)), shown_path(Path(path)))
        doc_id = document["id"]
        if self.store.path(doc_id).exists():
            doc_id = self.store.new_id()
        self.store.write(doc_id, {**document, "id": doc_id})
        return doc_id


def load_folder(rubric: FourPowers, folder: Path) -> tuple[list[Assessment], list[str]]:
    """Every worksheet in a folder (a trainer's cohort) and the files that could not be read."""
    if not Path(folder).is_dir():
        raise StoreError(
            f"{shown_path(Path(folder))}: no such folder — point to the folder that holds the "
            "teams' .json worksheet files."
        )
    store = DocumentStore(Path(folder), validator(rubric))
    documents, problems = store.read_all()
    return _assessments(documents), problems


def load_hand_ins(rubric: FourPowers) -> tuple[list[Assessment], list[str]]:
    """Every worksheet learners sent with "Send to trainer" (:func:`opsbook.handin.received`,
    either layout of the drop folder) and the files that could not be read."""
    check = validator(rubric)
    documents, problems = [], []
    for handed_in in handin.received("four_powers"):
        shown = shown_path(handed_in.path)
        try:
            documents.append(check(read_json(handed_in.path), shown))
        except StoreError as error:
            problems.append(str(error))
    return _assessments(documents), problems


def _assessments(documents: list[dict]) -> list[Assessment]:
    documents.sort(key=lambda d: (d["team"], d["period"]))
    return [to_assessment(d) for d in documents]
