"""Language of everything the library produces: labels, tables and chart text.

``set_language("zh")`` switches to Chinese, ``set_language("en")`` back to English. Content from
the playbook carries both languages; library labels come from :data:`LABELS`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from opsbook.core.errors import OpsbookError
from opsbook.core.settings import EDITIONS

LANGUAGES = tuple(EDITIONS)  # "en", "zh"
_state = {"language": "en"}

LABELS: dict[str, tuple[str, str]] = {
    # key: (English, 中文)
    "office": ("Office", "前中后台"),
    "department": ("Department", "部门"),
    "mission": ("Mission", "使命"),
    "responsibilities": ("Responsibilities", "职责"),
    "metrics": ("Metrics it owns", "负责的指标"),
    "hands_off_to": ("Hands off to", "交接给"),
    "receives_from": ("Receives from", "承接自"),
    "work_area": ("Work area", "工作板块"),
    "task": ("Task", "任务"),
    "team": ("Team", "团队"),
    "role": ("Role", "角色"),
    "owner": ("Owner (R)", "负责（R）"),
    "consulted": ("Consulted (C)", "协同（C）"),
    "model": ("Model", "模式"),
    "fit_score": ("Fit score", "匹配分"),
    "strengths": ("Strengths", "优势"),
    "weaknesses": ("Weaknesses", "劣势"),
    "why": ("Why", "理由"),
    "recommended": ("Recommended", "推荐"),
    "runner_up": ("Also consider", "也可考虑"),
    "responsibility_matrix": ("Responsibility matrix", "职责矩阵"),
    "work_area_map": ("Work areas and the departments that carry them", "工作板块与承接部门"),
    "not_attempted": ("Not attempted yet", "尚未作答"),
    "correct": ("Correct", "正确"),
    "wrong": ("Not yet", "还不对"),
    "hint": ("Hint", "提示"),
    "solution": ("Solution", "参考答案"),
    "no_more_hints": ("That was the last hint.", "提示已经用完。"),
    "categories": ("Categories", "类别"),
    "check": ("Check", "检查"),
    "item": ("Item", "项目"),
    "status": ("Status", "状态"),
    "fix": ("How to fix", "解决办法"),
    # columns of the tables that opsbook.present.tables.readable names
    "period": ("Period", "周期"),
    "overall": ("Overall", "总分"),
    "completeness": ("Complete %", "完成度 %"),
    "from": ("From", "起"),
    "to": ("To", "止"),
    "count": ("Teams", "团队数"),
    "mean": ("Mean", "均值"),
    "std": ("Spread (SD)", "标准差"),
    "min": ("Lowest", "最低"),
    "median": ("Median", "中位数"),
    "max": ("Highest", "最高"),
    "question": ("Question", "问题"),
    "mean_level": ("Mean level", "平均等级"),
    "teams": ("Teams answering", "作答团队数"),
    "name": ("Name", "名称"),
    "weight": ("Weight", "权重"),
    "score": ("Score", "得分"),
    "target": ("Target", "目标"),
    "answered": ("Answered", "已答"),
    "applicable": ("Applicable", "适用项"),
    "power": ("Power", "能力"),
}


def set_language(language: str) -> None:
    """Switch the language of labels, tables and charts the library produces ("en" or "zh")."""
    if language not in LANGUAGES:
        raise OpsbookError(
            f'Language "{language}" is not available — use "en" for English or "zh" for 中文.'
        )
    _state["language"] = language


def get_language() -> str:
    """The current language code, "en" or "zh"."""
    return _state["language"]


def other_language() -> str:
    """The language that is not the current one: "zh" in English, "en" in Chinese."""
    return "en" if get_language() == "zh" else "zh"


@contextmanager
def language(code: str) -> Iterator[None]:
    """Temporarily use another language: ``with language("zh"): ...``."""
    previous = get_language()
    set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def pick(en: str, zh: str) -> str:
    """Choose between an English and a Chinese string by the current language."""
    return zh if get_language() == "zh" else en


def label(key: str) -> str:
    """A library label in the current language."""
    en, zh = LABELS[key]
    return pick(en, zh)


# English month names, not strftime("%B"), which follows the machine's locale
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(day: date) -> str:
    """A date as people write it: "9 November 2025" or "2025年11月9日"."""
    return pick(
        f"{day.day} {MONTHS[day.month - 1]} {day.year}", f"{day.year}年{day.month}月{day.day}日"
    )


def format_period(start: date, end: date) -> str:
    """A span of days, said once: "9–11 November 2025" / "2025年11月9日至11日"."""
    if start == end:
        return format_day(start)
    if get_language() == "zh":
        if start.year != end.year:
            return f"{format_day(start)}至{format_day(end)}"
        tail = f"{end.day}日" if start.month == end.month else f"{end.month}月{end.day}日"
        return f"{format_day(start)}至{tail}"
    if start.year != end.year:
        return f"{format_day(start)} – {format_day(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_day(end)}"
    return f"{start.day}–{format_day(end)}"


def format_yuan(amount: float) -> str:
    """Money as operators say it: "37,820 yuan"; in Chinese 万 from ten thousand: "3.78万元"."""
    if get_language() == "zh" and abs(amount) >= 10_000:
        return f"{amount / 10_000:,.2f}".rstrip("0").rstrip(".") + "万元"
    return pick(f"{amount:,.0f} yuan", f"{amount:,.0f}元")


def format_saved(stamp: str) -> str:
    """A save time (stored in UTC, "2026-11-26T09:00:00Z") in the reader's local time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return f"{moment:%Y-%m-%d %H:%M:%S}"
