"""How each kind of field (:mod:`opsbook.content.import_schema`) reads a cell, as DuckDB
SQL over a whole column, and why a cell that cannot be read is refused. Exact or refused, never
guessed:

- an order or product number is kept as the text it is; one cut to scientific form by a
  spreadsheet (``2.02503E+18``, ``2,02503e+18`` …) has lost digits and is refused;
- an amount is digits with an optional sign, currency sign or word (¥, $, 元, RMB …), a
  thousands separator only between groups of three digits, a decimal point, and 万 for ten
  thousand. A decimal comma (``12,50``, ``1.234,56``, German or French Excel) is read only when
  the profile says ``decimal: comma``; otherwise it is refused, as the same text means a
  different number in the other convention. NaN, infinity, scientific form, a negative amount
  or count, a fraction of a count, a rate above 100 % and values beyond
  :data:`~opsbook.core.bounds.MAX_AMOUNT` are refused too;
- a time must be in one of :data:`TIME_FORMATS` and in the years
  :data:`~opsbook.core.bounds.MIN_YEAR` – :data:`~opsbook.core.bounds.MAX_YEAR`;
- a status must be one of the profile's.
"""

from opsbook.content.import_profile import ImportProfile
from opsbook.core.bounds import MAX_AMOUNT, MAX_YEAR, MIN_YEAR
from opsbook.core.i18n import pick

NUMERIC = ("money", "count", "percent")
MAX_COUNT = 1e12  # visitors, units: far beyond any shop, and exact as a double
TIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
    "%Y%m%d",
]
OFFSET_FORMATS = ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M %z"]
SCIENTIFIC = r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)[eE][+-]?[0-9]+"
_GROUP = r"[, \x{00A0}\x{202F}]"  # thousands separators with a decimal point
_GROUP_COMMA = r"[. \x{00A0}\x{202F}]"  # … and with a decimal comma
POINT_NUMBER = rf"[+-]?(([0-9]{{1,3}}({_GROUP}[0-9]{{3}})+|[0-9]+)(\.[0-9]*)?|\.[0-9]+)万?"
COMMA_NUMBER = rf"[+-]?(([0-9]{{1,3}}({_GROUP_COMMA}[0-9]{{3}})+|[0-9]+)(,[0-9]*)?|,[0-9]+)万?"
DECIMAL_COMMA = r"[+-]?[0-9 .\x{00A0}\x{202F}]*[0-9],[0-9]+万?"
EXCEL_ERROR = r"#(DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)"


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


REASONS = {
    "id": (
        "the number was cut to scientific form by a spreadsheet and its last digits are lost — "
        "export the file again and import it without opening it in Excel (or, in Excel, set "
        "the column to Text before pasting)",
        "编号被表格软件改成了科学计数法，末尾数字已丢失 — 请重新导出，导入前不要用 Excel 打开"
        "（或在 Excel 里先把这一列设为“文本”再粘贴）",
    ),
    "status": (
        "this status is not in the import profile — add it to the profile's statuses",
        "导入配置里没有这个状态 — 请把它加到配置的 statuses 里",
    ),
    "money": (
        "not an amount — write digits such as 1234.50, ¥1,234.50 or 1.2万",
        "不是金额 — 应写成 1234.50、¥1,234.50 或 1.2万 这样的数字",
    ),
    "count": (
        "not a whole number — write digits such as 1200 or 1.2万",
        "不是整数 — 应写成 1200 或 1.2万 这样的数字",
    ),
    "percent": ("not a rate — write it as 2.35% or 0.0235", "不是比率 — 应写成 2.35% 或 0.0235"),
    "datetime": (
        "not a date and time — write it as 2025-06-18 20:00:00",
        "不是日期时间 — 应写成 2025-06-18 20:00:00",
    ),
    "date": ("not a date — write it as 2025-06-18", "不是日期 — 应写成 2025-06-18"),
    "required": ("the cell is empty and the course needs it", "单元格为空，但这一列是必需的"),
    "key": (
        "the cell is empty, so the row cannot be told from the others — fill it in (each row "
        "needs its own)",
        "单元格为空，无法和其他行区分 — 请补上（每行都要有自己的编号）",
    ),
    "formula": (
        "the cell holds a formula that was never calculated (the file was written by a program, "
        "not saved by Excel) — open the file in Excel or WPS, save it, and import it again",
        "单元格里是从未计算过的公式（文件由程序生成，没有用 Excel 保存过）— 请用 Excel 或 WPS "
        "打开后保存，再导入",
    ),
    "excel_error": (
        "the cell shows a spreadsheet error instead of a value — correct the formula in the "
        "export, or export it again",
        "单元格显示的是表格公式错误而不是数值 — 请改正导出里的公式，或重新导出",
    ),
    "non_finite": (
        "NaN or infinity is not a number the course can use (a division by zero in the "
        "export?) — write digits, or leave the cell empty if that is allowed",
        "NaN 或无穷大不是能用的数值（导出里有除以零？）— 请写成数字，允许的话也可留空",
    ),
    "scientific": (
        "written in scientific form (1.2E+05): digits may have been cut by a spreadsheet — "
        "export the file again and import it without opening it in Excel",
        "写成了科学计数法（1.2E+05），数字可能被表格软件截断 — 请重新导出，导入前不要用 Excel 打开",
    ),
    "decimal_comma": (
        "written with a decimal comma (12,50 or 1.234,56, as German or French Excel does) — "
        "export the file again with a decimal point (Excel: File → Options → Advanced → "
        'untick "Use system separators" and set the decimal separator to "."), or add '
        '"decimal: comma" to the import profile if the whole file is written this way',
        "写成了小数逗号（12,50 或 1.234,56，德语或法语版 Excel 的写法）— 请用小数点重新导出"
        "（Excel：文件 → 选项 → 高级 → 取消“使用系统分隔符”，小数分隔符设为“.”），"
        "如果整个文件都是这种写法，也可在导入配置里加上“decimal: comma”",
    ),
    "decimal_point": (
        "the import profile says amounts use a decimal comma, but this one does not fit that "
        "(12,50 or 1.234,56) — check the profile's decimal setting",
        "导入配置规定金额用小数逗号，但这个值不符合（应写成 12,50 或 1.234,56）— 请检查配置的 "
        "decimal 设置",
    ),
    "negative": (
        "a negative value — an amount, count or rate here is never below zero; correct the "
        "export (a refund belongs in the refund column, as a positive amount)",
        "负数 — 这里的金额、数量或比率不会小于零；请改正导出（退款应作为正数写在退款列）",
    ),
    "fraction": (
        "not a whole number — a count has no fraction",
        "不是整数 — 数量不能有小数",
    ),
    "too_large": (
        f"larger than {MAX_AMOUNT:,.0f}, beyond any shop's figures — correct the cell",
        f"大于 {MAX_AMOUNT:,.0f}，超出任何店铺的规模 — 请改正这个单元格",
    ),
    "rate_above": (
        "a rate above 100 % — write it as 2.35% or 0.0235",
        "比率超过 100% — 应写成 2.35% 或 0.0235",
    ),
    "year": (
        f"the year is outside {MIN_YEAR}–{MAX_YEAR} — correct the date",
        f"年份不在 {MIN_YEAR}–{MAX_YEAR} 之间 — 请改正日期",
    ),
    "refund": (
        "the refund is larger than the amount paid — correct the refund or the payment",
        "退款金额大于实付金额 — 请改正退款或实付金额",
    ),
}


def reason(key: str) -> str:
    return pick(*REASONS[key])


def _stripped(x: str) -> str:
    """The cell without currency signs and words, a percent sign or outer spaces."""
    return (
        f"regexp_replace(regexp_replace(regexp_replace(replace({x}, '，', ','), "
        r"'[¥￥$%]|元|RMB|CNY|USD', '', 'gi'), '^\s+|\s+$', '', 'g'), '\s+万$', '万')"
    )


def plain_sql(x: str, decimal_comma: bool) -> str:
    """The cell as a number's text (separators removed, a comma decimal made a point), or NULL
    when it is not a number written in the file's convention. Plain digits take the quick
    first branch; DuckDB evaluates the others only for the cells that need them."""
    s = _stripped(x)
    if decimal_comma:
        fast = f"regexp_full_match({x}, '[+-]?[0-9]+')"
        valid = f"regexp_full_match({s}, {quote(COMMA_NUMBER)})"
        plain = rf"replace(regexp_replace({s}, '[. \x{{00A0}}\x{{202F}}]', '', 'g'), ',', '.')"
    else:
        fast = rf"regexp_full_match({x}, '[+-]?[0-9]+(\.[0-9]+)?')"
        valid = f"regexp_full_match({s}, {quote(POINT_NUMBER)})"
        plain = rf"regexp_replace({s}, '[, \x{{00A0}}\x{{202F}}]', '', 'g')"
    return f"CASE WHEN {fast} THEN {x} WHEN {valid} THEN {plain} END"


def number_sql(plain: str) -> str:
    """A number from its plain text (see :func:`plain_sql`); 万 means ten thousand."""
    return (
        f"CASE WHEN {plain} LIKE '%万' THEN TRY_CAST(rtrim({plain}, '万') AS DOUBLE) * 10000 "
        f"ELSE TRY_CAST({plain} AS DOUBLE) END"
    )


def moment_sql(x: str) -> str:
    """The cell as a timestamp in Beijing time, or NULL."""
    return _moment_sql(x)


def _moment_sql(x: str) -> str:
    formats = "[" + ", ".join(map(quote, TIME_FORMATS)) + "]"
    offsets = "[" + ", ".join(map(quote, OFFSET_FORMATS)) + "]"
    return (
        f"coalesce(try_strptime({x}, {quote(TIME_FORMATS[0])}), "
        rf"CASE WHEN length({x}) > 19 AND regexp_matches({x}, '[+-]\d\d:?\d\d$') "
        f"THEN timezone('Asia/Shanghai', try_strptime({x}, {offsets})) "
        f"ELSE try_strptime({x}, {formats}) END)"
    )


def _share_sql(x: str, n: str) -> str:
    return f"CASE WHEN {x} LIKE '%\\%%' ESCAPE '\\' THEN {n} / 100 ELSE {n} END"


def value_sql(
    kind: str, x: str, n: str, profile: ImportProfile, salt: str, formulas: bool = False
) -> str:
    """The SQL expression for a field of ``kind``: ``x`` is its cell (NULL when empty), ``n``
    the cell as a number (amounts, counts and rates) or as a time (:func:`moment_sql`). NULL
    where a cell with text cannot be read: such a row is bad."""
    if kind in ("id", "text", "buyer"):
        value = x
        if kind == "id":
            # the quick contains() first: DuckDB runs the pattern only where an e is found
            sci = f"(contains({x}, 'e') OR contains({x}, 'E'))"
            value = (
                f"CASE WHEN {sci} AND regexp_full_match({x}, {quote(SCIENTIFIC)}) THEN NULL "
                f"ELSE {x} END"
            )
        if kind == "buyer":
            value = f"left(sha256({quote(salt)} || {x}), 16)"
        if formulas:  # a formula never calculated is no value
            value = f"CASE WHEN starts_with({x}, chr(0)) THEN NULL ELSE {value} END"
        return value
    if kind == "status":
        whens = " ".join(
            f"WHEN {quote(text)} THEN {quote(status)}"
            for status, texts in profile.statuses.items()
            for text in texts
        )
        return f"CASE {x} {whens} END"
    if kind == "money":
        return f"CASE WHEN {n} BETWEEN 0 AND {MAX_AMOUNT} THEN round({n}, 2) END"
    if kind == "count":
        return f"CASE WHEN {n} BETWEEN 0 AND {MAX_COUNT} AND {n} = round({n}) THEN {n}::BIGINT END"
    if kind == "percent":
        share = _share_sql(x, n)
        return f"CASE WHEN {share} BETWEEN 0 AND 1 THEN {share} END"
    checked = f"CASE WHEN year({n}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN {n} END"
    return f"({checked})::DATE" if kind == "date" else checked


def reason_sql(kind: str, x: str, decimal_comma: bool) -> str:
    """Why the cell ``x`` of a field of ``kind`` could not be read (SQL giving the reason's
    text; run over the bad rows only)."""
    whens = [
        (f"starts_with({x}, chr(0))", "formula"),
        (f"regexp_full_match({x}, {quote(EXCEL_ERROR)})", "excel_error"),
    ]
    if kind in NUMERIC:
        s = _stripped(x)
        n = number_sql(plain_sql(x, decimal_comma))
        whens += [
            (f"regexp_full_match(lower({s}), '[+-]?(nan|inf|infinity)')", "non_finite"),
            (f"regexp_full_match({s}, {quote(SCIENTIFIC)})", "scientific"),
        ]
        if decimal_comma:
            whens.append(
                (f"{n} IS NULL AND regexp_matches({s}, '^[0-9]+\\.[0-9]{{1,2}}$')", "decimal_point")
            )
        else:
            whens.append(
                (f"{n} IS NULL AND regexp_full_match({s}, {quote(DECIMAL_COMMA)})", "decimal_comma")
            )
        whens.append((f"{n} IS NULL", kind))
        whens.append((f"{n} < 0", "negative"))
        if kind == "count":
            whens.append((f"{n} <> round({n})", "fraction"))
        if kind == "percent":
            whens.append((f"{_share_sql(x, n)} > 1", "rate_above"))
        whens.append((f"{n} > {MAX_AMOUNT}", "too_large"))
    elif kind in ("datetime", "date"):
        whens.append((f"{_moment_sql(x)} IS NOT NULL", "year"))
    cases = " ".join(f"WHEN {cond} THEN {quote(reason(key))}" for cond, key in whens)
    fallback = kind if kind in REASONS else "required"
    return f"CASE {cases} ELSE {quote(reason(fallback))} END"
