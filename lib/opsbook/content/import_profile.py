"""Typed model of an import profile (``playbook/imports/*.yaml``, or one a user saved in the work
folder): which platform export it reads and how its columns and statuses map onto the course's
schema (:mod:`opsbook.content.import_schema`). A trainer adds a platform by adding a file."""

from typing import Literal

from pydantic import field_validator

from opsbook.content.base import Key, Model, NonEmpty, Text
from opsbook.content.import_schema import STATUSES, TABLES


class ImportProfile(Model):
    key: Key
    title: Text  # "Taobao / Tmall order report", shown when the profile is detected
    platform: Key  # data of one platform is stored together: taobao, douyin, meituan …
    platform_name: Text
    table: Literal["orders", "daily_traffic", "products"]
    export_from: Text  # where in the platform's back office the export is made
    # orders only: one row per order, or one per order line (Shopify, Douyin sub-orders)
    rows: Literal["order", "line"] = "order"
    # with one row per line: the amount columns hold each line's share (summed into the
    # order) or the whole order's amount on its first row (taken once)
    order_amounts: Literal["per_line", "per_order"] = "per_order"
    columns: dict[Key, NonEmpty | list[NonEmpty]]  # course field -> the export's header(s)
    statuses: dict[Literal[STATUSES], list[NonEmpty]] = {}
    currency: NonEmpty = "CNY"  # when the export has no currency column
    # how the export writes a number's decimals: 1234.50 (point) or 1.234,50 (comma, German or
    # French Excel); a file of the other kind is refused rather than read as wrong amounts
    decimal: Literal["point", "comma"] = "point"
    empty_channel: NonEmpty | None = None  # what an empty channel cell means (Taobao: PC)

    @field_validator("columns")
    @classmethod
    def _as_lists(cls, columns: dict) -> dict:
        return {field: [h] if isinstance(h, str) else h for field, h in columns.items()}

    def headers(self, field: str) -> list[str]:
        return self.columns.get(field, [])  # type: ignore[return-value]


def check_import_profile(profile: ImportProfile) -> list[tuple[str, str]]:
    """Fields the table does not have, required fields not mapped, statuses given twice."""
    fields = TABLES[profile.table]
    problems = [
        (
            f"columns.{name}",
            f'the table "{profile.table}" has no field "{name}" — use one of: ' + ", ".join(fields),
        )
        for name in profile.columns
        if name not in fields
    ]
    for name, field in fields.items():
        if field.required and name not in profile.columns:
            problems.append(
                (
                    f"columns.{name}",
                    f"the field is required — name the export's column for {field.en} ({field.zh})",
                )
            )
    if profile.table == "orders":
        if not {"created_at", "paid_at"} & set(profile.columns):
            problems.append(
                ("columns.created_at", "map the order time or the payment time (or both)")
            )
        if not profile.statuses.get("paid"):
            problems.append(("statuses.paid", "list the export's statuses of a paid order"))
        seen: dict[str, str] = {}
        for status, texts in profile.statuses.items():
            for text in texts:
                if text in seen:
                    problems.append(
                        (
                            f"statuses.{status}",
                            f'"{text}" is also listed under {seen[text]} '
                            "— keep it under one status",
                        )
                    )
                seen[text] = status
    elif profile.rows == "line" or profile.statuses:
        problems.append(
            ("rows", "only order exports have rows per line and statuses — remove them")
        )
    return problems
