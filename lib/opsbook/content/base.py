"""Building blocks shared by every playbook model: strict models and bilingual text."""

from collections import Counter
from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from opsbook.core.i18n import get_language

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Model(BaseModel):
    """A playbook model: unknown keys are errors (they are usually typos), values are frozen,
    numbers are finite (a weight of .inf or an answer of .nan is refused, not computed with)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(Model):
    """A human-readable text in English and Chinese; ``str()`` gives the current language."""

    en: NonEmpty
    zh: NonEmpty

    def __str__(self) -> str:
        return self.zh if get_language() == "zh" else self.en

    def both(self) -> str:
        """Both languages, the reader's first and the other in brackets, for a term a learner
        meets in both (a report, a colleague abroad): "Operation power (运营力)" in English,
        "运营力（Operation power）" in Chinese, with the brackets each language writes."""
        if get_language() == "zh":
            return f"{self.zh}（{self.en}）"
        return f"{self.en} ({self.zh})"


def duplicate_keys(section: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    """One problem per key used more than once, for a model's cross-reference check."""
    return [
        (f"{section} ({key})", f'the key "{key}" is used {n} times — keys must be unique')
        for key, n in Counter(keys).items()
        if n > 1
    ]
