"""Language of everything the library produces: labels, tables and chart text.

``set_language("zh")`` switches to Chinese, ``set_language("en")`` back to English. Content from
the playbook carries both languages; library labels come from :data:`LABELS`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from opsbook.errors import OpsbookError

LANGUAGES = ("en", "zh")
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
    "owner": ("Owner (R)", "负责 (R)"),
    "consulted": ("Consulted (C)", "协同 (C)"),
    "model": ("Model", "模式"),
    "score": ("Fit score", "匹配分"),
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
    "check": ("Check", "检查"),
    "item": ("Item", "项目"),
    "status": ("Status", "状态"),
    "fix": ("How to fix", "解决办法"),
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
