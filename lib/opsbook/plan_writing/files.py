"""Plans on disk, saved like worksheets: one JSON file per plan in ``$OPSBOOK_HOME/plans``,
atomic and locked (see :mod:`opsbook.core.store`); worked examples from ``playbook/examples``."""

from pathlib import Path

from pydantic import ValidationError

from opsbook.content.loader import format_validation, load_model
from opsbook.core import settings
from opsbook.core.bounds import clean_text
from opsbook.core.errors import StoreError
from opsbook.core.i18n import get_language, pick
from opsbook.core.paths import PLAYBOOK_DIR
from opsbook.core.settings import work_path
from opsbook.core.store import DocumentStore, now_stamp
from opsbook.handin import unstamped
from opsbook.plan_writing.model import Plan

EXAMPLES_DIR = PLAYBOOK_DIR / "examples"
_MAPPINGS = {"strategy", "drafts", "exchange_rates"}


def validate_plan(raw: dict, shown: str) -> dict:
    if isinstance(raw, dict):  # a hand-in opened by the trainer reads as the plan it was
        raw = unstamped(raw)
    try:
        return Plan.model_validate(raw).model_dump(mode="json")
    except ValidationError as error:
        raise StoreError(
            format_validation(shown, raw, error)
            + " The file has not been changed; fix it or move it out of the folder."
        ) from None


def example_plan(name: str) -> Plan:
    """A worked example in the current language: ``playbook/examples/<name>.yaml``, or
    ``playbook/examples/zh/<name>.yaml`` in Chinese (validated like any plan)."""
    folder = EXAMPLES_DIR / "zh" if get_language() == "zh" else EXAMPLES_DIR
    path = folder / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise StoreError(f'There is no example plan "{name}" — use one of: {known}.')
    return load_model(path, Plan)


class PlanFiles:
    """The learner's plans (``$OPSBOOK_HOME/plans``)."""

    def __init__(self, folder: Path | None = None):
        self.store = DocumentStore(folder or work_path(settings.PLANS), validate_plan)

    def create(self, plan: Plan | None = None) -> str:
        """Save a new plan (a copy of ``plan`` if given) and return its id."""
        doc_id = self.store.new_id()
        data = (plan or Plan()).model_dump(mode="json")
        self.store.write(doc_id, {**data, "id": doc_id, "updated": now_stamp()})
        return doc_id

    def read(self, doc_id: str) -> Plan:
        return Plan.model_validate(self.store.read(doc_id))

    def set_fields(self, doc_id: str, entries: dict[str, dict] | None = None, **fields) -> Plan:
        """Change some top-level fields of a saved plan and some entries of its mapping fields
        (``entries={"strategy": {"rhythm": "…"}, "drafts": {"budget": None}}``; None removes an
        entry). Only what is named changes: everything else keeps its latest saved value, so
        two tabs on one plan never erase each other's work."""
        entries = {
            field: {clean_text(key): value for key, value in changes.items()}
            for field, changes in (entries or {}).items()
        }
        unknown = sorted(set(entries) - _MAPPINGS)
        if unknown:
            raise StoreError(f"{', '.join(unknown)}: not a mapping field of a plan.")
        given = {**fields}
        for field, changes in entries.items():
            given[field] = {key: value for key, value in changes.items() if value is not None}
        try:
            checked = Plan.model_validate({**Plan().model_dump(), **given}).model_dump(mode="json")
        except ValidationError as error:
            raise StoreError(
                format_validation(pick("the plan", "方案"), given, error)
                + pick(" Nothing was saved.", " 这次修改没有保存。")
            ) from None
        change = {key: checked[key] for key in fields}

        def apply(document: dict) -> dict:
            merged = {**document, **change, "updated": now_stamp()}
            for field, changes in entries.items():
                mapping = dict(document.get(field, {}))
                for key, value in changes.items():
                    if value is None:
                        mapping.pop(key, None)
                    else:
                        mapping[key] = checked[field][key]
                merged[field] = mapping
            return merged

        return Plan.model_validate(self.store.update(doc_id, apply))

    def listing(self) -> tuple[list[dict], list[str]]:
        """Readable plans, newest first (id, title, kind, updated), and one message per file
        that cannot be read — from one pass over the folder."""
        documents, problems = self.store.read_all()
        keys = ("id", "title", "kind", "updated")
        return [{k: d[k] for k in keys} for d in documents], problems
