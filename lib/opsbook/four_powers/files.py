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
are 1–5 or null (not answered / default target 4). Files are saved by :mod:`opsbook.core.store`
(atomic, locked, never overwriting a file that does not validate).
"""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from opsbook import handin
from opsbook.content.four_powers import FourPowers
from opsbook.content.loader import format_validation
from opsbook.core import settings
from opsbook.core.bounds import bounded_text, clean_text
from opsbook.core.errors import StoreError
from opsbook.core.i18n import pick
from opsbook.core.settings import work_path
from opsbook.core.store import DocumentStore, now_stamp, read_json, shown_path
from opsbook.four_powers.assessment import Answer, Assessment, period_form

FORMAT = "opsbook-four-powers-worksheet"
VERSION = 1
# the longest texts a worksheet keeps, in characters: a note of a few paragraphs, a team's name
TEXT_LIMITS = {"evidence": 5000, "team": 200, "period": 40}


def _not_true_or_false(value):
    if isinstance(value, bool):  # Python counts true as 1: a hand edit would pass as level 1
        raise ValueError("a whole number 1 to 5 (true and false are not levels)")
    return value


Level = Annotated[int, BeforeValidator(_not_true_or_false), Field(ge=1, le=5)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerRecord(_Strict):
    level: Level | None = None
    target: Level | None = None
    not_applicable: bool = False
    evidence: bounded_text(TEXT_LIMITS["evidence"]) = ""


class WorksheetRecord(_Strict):
    format: Literal["opsbook-four-powers-worksheet"]
    version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    team: bounded_text(TEXT_LIMITS["team"]) = ""
    period: bounded_text(TEXT_LIMITS["period"]) = ""
    updated: bounded_text(40) = ""
    answers: Annotated[dict[bounded_text(100), AnswerRecord], Field(max_length=500)] = {}


def validator(rubric: FourPowers):
    """A store validator: the file must match the format and name only items of the rubric."""
    known = set(rubric.items)

    def validate(raw: dict, shown: str) -> dict:
        if isinstance(raw, dict):  # a hand-in (a trainer may read the hand-in folder as any)
            raw = handin.unstamped(raw)
        if isinstance(raw, dict) and raw.get("format") == FORMAT and raw.get("version") != VERSION:
            raise StoreError(
                f"{shown}: worksheet format version {raw.get('version')!r} is not supported — "
                f"this course reads version {VERSION}; update the course with `git pull`."
            )
        try:
            record = WorksheetRecord.model_validate(raw)
        except ValidationError as error:
            raise StoreError(format_validation(shown, raw, error) + _fix(error)) from None
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


def _fix(error: ValidationError) -> str:
    """What to do about a file that does not validate: a text too long is the team's own
    writing, shortened in place; anything else is a broken or foreign file."""
    if all(e["type"] == "string_too_long" for e in error.errors()):
        return pick(
            " The file has not been changed; shorten the text in a text editor (or ask the team "
            "to) and the worksheet opens again.",
            " 文件没有被改动；请用文本编辑器缩短这段文字（或请该团队缩短），之后即可再次打开。",
        )
    return pick(
        " The file has not been changed; fix it or move it out of the folder.",
        " 文件没有被改动；请修正它，或把它移出该文件夹。",
    )


def _check_length(field: str, value, item: str = "") -> None:
    """Refuse a text longer than the worksheet keeps as it is typed, saying the limit, before
    anything is saved (the file keeps its last saved version)."""
    limit = TEXT_LIMITS[field]
    if not isinstance(value, str) or len(clean_text(value)) <= limit:
        return
    length = len(clean_text(value))
    what = {
        "evidence": pick(f'The evidence note for "{item}"', f"“{item}”的佐证说明"),
        "team": pick("The team name", "团队名称"),
        "period": pick("The period", "周期"),
    }[field]
    raise StoreError(
        pick(
            f"{what} is {length:,} characters long — at most {limit:,} characters fit; shorten "
            "it. Not saved: the last saved version is kept.",
            f"{what}共 {length:,} 个字符——最多 {limit:,} 个字符；请缩短。未保存：保留上次保存的"
            "版本。",
        )
    )


def to_assessment(document: dict) -> Assessment:
    return Assessment(
        team=document["team"],
        period=period_form(document["period"]),  # "2026年Q1" and "2026-Q1" are one quarter
        answers={key: Answer(**fields) for key, fields in document["answers"].items()},
    )


class WorksheetFiles:
    """The team's worksheets in the work folder (``$OPSBOOK_HOME/worksheets``)."""

    def __init__(self, rubric: FourPowers, folder: Path | None = None):
        self.rubric = rubric
        self.store = DocumentStore(folder or work_path(settings.WORKSHEETS), validator(rubric))

    @property
    def folder(self) -> Path:
        return self.store.folder

    def create(self, team: str = "", period: str = "", copy_from: str | None = None) -> str:
        """Start a new worksheet (optionally with the answers of another one); return its id."""
        _check_length("team", team)
        _check_length("period", period)
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
        for field, value in fields.items():
            if field in TEXT_LIMITS:
                _check_length(field, value)

        def change(document: dict) -> dict:
            return {**document, **fields, "updated": now_stamp()}

        return self.store.update(doc_id, change)

    def set_answer(self, doc_id: str, item: str, **fields) -> dict:
        """Change some fields of one answer (level, target, not_applicable, evidence)."""
        if item not in self.rubric.items:
            raise StoreError(f'"{item}" is not an item of playbook/four_powers.yaml.')
        if "evidence" in fields:
            _check_length("evidence", fields["evidence"], str(self.rubric.items[item].question))

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


def load_hand_ins(
    rubric: FourPowers, found: handin.Scan | None = None
) -> tuple[list[Assessment], list[str]]:
    """Every worksheet learners sent with "Send to trainer" (``found``, else a new
    :func:`opsbook.handin.scan` of the drop folder, either layout), and a message for each file
    that does not count or does not read."""
    check = validator(rubric)
    found = found or handin.scan("four_powers")
    documents, problems = [], list(found.problems)
    for handed_in in found.received:
        try:
            documents.append(check(handed_in.document, shown_path(handed_in.path)))
        except StoreError as error:
            problems.append(str(error))
    return _assessments(documents), problems


def _assessments(documents: list[dict]) -> list[Assessment]:
    documents.sort(key=lambda d: (d["team"], d["period"]))
    return [to_assessment(d) for d in documents]
