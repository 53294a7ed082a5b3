"""The plan builder's text boxes: one row per line, fields separated by "|". Parsing turns the
text into plan parts and names every line it cannot read, with the fix; formatting turns plan
parts back into the same text.

    objectives      metric | target | unit | deadline        GMV | 52000 | yuan | 2026-10-08
    schedule        task | owner | start | end | deliverable  Posters | Designer | 2026-09-08 | …
    budget          item | amount | unit                      Lucky draw | 300000 | coins
    exchange rates  unit = how many make one yuan             coins = 100
"""

from datetime import date

from pydantic import ValidationError

from opsbook.core.bounds import MAX_AMOUNT, MAX_ROWS, MAX_YEAR, MIN_YEAR
from opsbook.core.i18n import pick
from opsbook.core.numbers import NumberProblem, read_number
from opsbook.plan_writing.model import BudgetLine, Objective, ScheduleRow


def _cells(line: str, count: int) -> list[str]:
    cells = [cell.strip() for cell in line.split("|")]
    return (cells + [""] * count)[:count] if len(cells) <= count else cells


def _number(text: str, where: str, problems: list[str]) -> float | None:
    """A number as people write it in a plan (see :mod:`opsbook.core.numbers`): 52000, 52,000,
    ¥52,000, 5.2万. Commas must separate thousands ("1,5" is refused, not read as 15)."""
    if not text:
        return None
    try:
        return read_number(text).value
    except NumberProblem as problem:
        problems.append(_NUMBER_ADVICE[problem.reason](where, text))
        return None


_NUMBER_ADVICE = {
    "comma": lambda where, text: pick(
        f'{where}: "{text}" — a comma here separates thousands (52,000); '
        "for a decimal write a point: 1.5",
        f"{where}：“{text}”——逗号只用来分隔千位（52,000）；小数请用小数点，例如 1.5",
    ),
    "not_a_number": lambda where, text: pick(
        f'{where}: "{text}" is not a number — write digits like 52000',
        f"{where}：“{text}”不是数字——请写成 52000 这样的数字",
    ),
    "too_large": lambda where, text: pick(
        f'{where}: "{text}" is more than {MAX_AMOUNT:,.0f} — check the digits',
        f"{where}：“{text}”超过 {MAX_AMOUNT:,.0f}——请检查位数",
    ),
    "too_small": lambda where, text: pick(
        f'{where}: "{text}" is too small a number to keep (it would read as 0) — write 0, or '
        "check the digits",
        f"{where}：“{text}”数值太小，无法保存（会被读成 0）——请写 0，或检查位数",
    ),
}


def _date(text: str, where: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems.append(
            pick(
                f'{where}: "{text}" is not a date — write it as 2026-10-08',
                f"{where}：“{text}”不是日期——请写成 2026-10-08",
            )
        )
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        problems.append(
            pick(
                f'{where}: "{text}" — plans are dated {MIN_YEAR}–{MAX_YEAR}; check the year',
                f"{where}：“{text}”——方案日期应在 {MIN_YEAR}–{MAX_YEAR} 年之间，请检查年份",
            )
        )
        return None
    return day


def _too_many(cells: list[str], count: int, where: str, problems: list[str]) -> bool:
    if len(cells) > count:
        problems.append(
            pick(
                f"{where}: {len(cells)} fields, expected {count} — remove a '|'",
                f"{where}：有 {len(cells)} 个字段，应为 {count} 个——删掉多余的“|”",
            )
        )
        return True
    return False


def lines(text: str) -> list[str]:
    """Non-empty lines, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _too_long(count: int, label: str, problems: list[str]) -> bool:
    if count > MAX_ROWS:
        problems.append(
            pick(
                f"{label}: {count} lines — a plan holds at most {MAX_ROWS}; "
                "keep the main ones and attach the rest as a file",
                f"{label}：共 {count} 行——方案最多 {MAX_ROWS} 行；保留主要的，其余作为附件",
            )
        )
        return True
    return False


def _field_problem(error: ValidationError, where: str) -> str:
    """A length limit of the plan model, said for a line of the form."""
    first = error.errors()[0]
    field = first["loc"][0] if first["loc"] else ""
    if first["type"] == "string_too_long":
        limit = first["ctx"]["max_length"]
        return pick(
            f"{where}: {field} is longer than {limit} characters — shorten it",
            f"{where}：{field} 超过 {limit} 个字符——请缩短",
        )
    return f"{where}: {first['msg']}"


def parse_lines(text: str, label: str, max_length: int = 5000) -> tuple[list[str], list[str]]:
    """A list field, one item per line (at most :data:`MAX_ROWS` lines of ``max_length``)."""
    items, problems = lines(text), []
    if _too_long(len(items), label, problems):
        return [], problems
    for number, item in enumerate(items, 1):
        if len(item) > max_length:
            problems.append(
                pick(
                    f"{label}, line {number}: longer than {max_length} characters — shorten it",
                    f"{label}第 {number} 行：超过 {max_length} 个字符——请缩短",
                )
            )
    return ([] if problems else items), problems


def _rows(text: str, label: str, count: int, build) -> tuple[list, list[str]]:
    """Parse one row per line: ``build(cells, where, problems)`` makes the row."""
    rows, problems = [], []
    found = lines(text)
    if _too_long(len(found), label, problems):
        return [], problems
    for number, line in enumerate(found, 1):
        where = pick(f"{label}, line {number}", f"{label}第 {number} 行")
        cells = _cells(line, count)
        if not _too_many(cells, count, where, problems):
            try:
                rows.append(build(cells, where, problems))
            except ValidationError as error:
                problems.append(_field_problem(error, where))
    return rows, problems


def parse_objectives(text: str, label: str = "") -> tuple[list[Objective], list[str]]:
    def build(cells, where, problems):
        metric, target, unit, deadline = cells
        return Objective(
            metric=metric,
            target=_number(target, where, problems),
            unit=unit,
            deadline=_date(deadline, where, problems),
        )

    return _rows(text, label or pick("Objectives", "目标"), 4, build)


def parse_schedule(text: str, label: str = "") -> tuple[list[ScheduleRow], list[str]]:
    def build(cells, where, problems):
        task, owner, start, end, deliverable = cells
        return ScheduleRow(
            task=task,
            owner=owner,
            start=_date(start, where, problems),
            end=_date(end, where, problems),
            deliverable=deliverable,
        )

    return _rows(text, label or pick("Schedule", "排期"), 5, build)


def parse_budget(text: str, label: str = "") -> tuple[list[BudgetLine], list[str]]:
    def build(cells, where, problems):
        item, amount, unit = cells
        return BudgetLine(
            item=item, amount=_number(amount, where, problems) or 0, unit=unit or "yuan"
        )

    return _rows(text, label or pick("Budget", "预算"), 3, build)


def parse_rates(text: str, label: str = "") -> tuple[dict[str, float], list[str]]:
    label = label or pick("Exchange rates", "兑换比例")
    rates, problems = {}, []
    for number, line in enumerate(lines(text), 1):
        where = pick(f"{label}, line {number}", f"{label}第 {number} 行")
        unit, _, amount = line.partition("=")
        value = _number(amount.strip(), where, problems) if amount.strip() else None
        if not unit.strip() or value is None or value <= 0:
            if value is not None or not amount.strip():
                problems.append(
                    pick(
                        f'{where}: write "coins = 100" (how many make one yuan)',
                        f"{where}：请写成“coins = 100”（多少折合 1 元）",
                    )
                )
            continue
        rates[unit.strip()] = value
    return rates, problems


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def format_objectives(rows: list[Objective]) -> str:
    return "\n".join(
        " | ".join(_fmt(v) for v in (r.metric, r.target, r.unit, r.deadline)) for r in rows
    )


def format_schedule(rows: list[ScheduleRow]) -> str:
    return "\n".join(
        " | ".join(_fmt(v) for v in (r.task, r.owner, r.start, r.end, r.deliverable)) for r in rows
    )


def format_budget(rows: list[BudgetLine]) -> str:
    return "\n".join(" | ".join(_fmt(v) for v in (r.item, r.amount, r.unit)) for r in rows)


def format_rates(rates: dict[str, float]) -> str:
    return "\n".join(f"{unit} = {_fmt(value)}" for unit, value in rates.items())
