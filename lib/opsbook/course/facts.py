"""Platform facts as a chapter shows them: the fact, the month it is stated for and where to
check it before relying on it (``fact("wechat_group_size")``). The facts are data,
``playbook/platform_facts.yaml``: when a platform changes a rule, the fact and its month are
edited there, and every chapter that shows it follows."""

import html
from dataclasses import dataclass

from opsbook.content import load_playbook
from opsbook.content.platform_facts import PlatformFact
from opsbook.core.errors import ContentError
from opsbook.core.i18n import MONTHS, pick


@dataclass(frozen=True)
class DatedFact:
    """One fact with its month, in the notebook's language (rich text and plain alike)."""

    fact: PlatformFact

    def dating(self) -> str:
        fact = self.fact
        year, month = fact.as_of.split("-")
        return pick(
            f"As of {MONTHS[int(month) - 1]} {year}. Check it before you rely on it: {fact.check}.",
            f"信息截至 {year}年{int(month)}月，使用前请核对：{fact.check}。",
        )

    def platforms(self) -> str:
        """The platforms in brackets, as the notebook's language writes them."""
        return pick(f" ({self.fact.platforms})", f"（{self.fact.platforms}）")

    def __repr__(self) -> str:
        fact = self.fact
        return f"{fact.topic}{self.platforms()}\n{fact.fact}\n{self.dating()}"

    def _repr_html_(self) -> str:
        fact, esc = self.fact, html.escape
        return (
            '<div style="border-left:4px solid #6b7280;padding:4px 12px;margin:4px 0">'
            f"<strong>{esc(str(fact.topic))}</strong>"
            f'<span style="color:#6b7280">{esc(self.platforms())}</span>'
            f"<br>{esc(str(fact.fact))}<br>"
            f'<em style="color:#6b7280">{esc(self.dating())}</em></div>'
        )


def fact(key: str) -> DatedFact:
    """The platform fact ``key`` with its month."""
    facts = {f.key: f for f in load_playbook("platform_facts").facts}
    if key not in facts:
        raise ContentError(
            f'no platform fact "{key}" in playbook/platform_facts.yaml — known: {", ".join(facts)}.'
        )
    return DatedFact(facts[key])


@dataclass(frozen=True)
class FactList:
    """Every platform fact, each with its month: the glossary's second part."""

    facts: list[DatedFact]

    def __repr__(self) -> str:
        return "\n\n".join(repr(f) for f in self.facts)

    def _repr_html_(self) -> str:
        return "".join(f._repr_html_() for f in self.facts)


def all_facts() -> FactList:
    """Every platform fact of the course, in the file's order."""
    return FactList([DatedFact(f) for f in load_playbook("platform_facts").facts])
