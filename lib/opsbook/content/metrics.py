"""Typed model of ``playbook/metrics.yaml``: the metric dictionary (指标口径). Every metric the
course shows has one entry: its names (and the other names it goes by), its formula as the course
computes it, and each platform's own definition where its back office reports it, with where it
is shown, the source and the month it was written down."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from opsbook.content.base import Key, Model, NonEmpty, Text, duplicate_keys

Month = Annotated[str, StringConstraints(pattern=r"^20\d\d-(0[1-9]|1[0-2])$")]


class PlatformDefinition(Model):
    platform: Key  # a key of the dictionary's platforms
    name: NonEmpty  # what the back office calls it
    definition: Text
    where: Text  # where in the back office it is shown
    source: NonEmpty
    as_of: Month


class Metric(Model):
    key: Key
    name: Text
    unit: Literal["yuan", "people", "views", "orders", "percent", "ratio"]
    formula: Text  # the course's 口径
    platforms: list[PlatformDefinition] = []
    aliases: list[NonEmpty] = []  # other names it is shown under (with a unit, in a table)


class MetricDictionary(Model):
    version: Literal[1]
    as_of: Month
    metrics: list[Metric] = Field(min_length=1)
    platforms: dict[Key, Text]

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics if m.key == key)

    def names(self) -> dict[str, str]:
        """Every name a metric is shown under (both languages and its aliases) -> its key."""
        found = {}
        for metric in self.metrics:
            for name in (metric.name.en, metric.name.zh, *metric.aliases):
                found[name] = metric.key
        return found


def check_metric_dictionary(content: MetricDictionary) -> list[tuple[str, str]]:
    """Keys and names used once; every platform definition names a known platform."""
    problems = duplicate_keys("metrics", (m.key for m in content.metrics))
    seen: dict[str, str] = {}
    for metric in content.metrics:
        for name in {metric.name.en, metric.name.zh, *metric.aliases}:
            if name in seen and seen[name] != metric.key:
                problems.append(
                    (
                        f"metrics ({metric.key})",
                        f'the name "{name}" is also {seen[name]}\'s — a name means one metric',
                    )
                )
            seen[name] = metric.key
        for index, defined in enumerate(metric.platforms):
            if defined.platform not in content.platforms:
                problems.append(
                    (
                        f"metrics ({metric.key}).platforms[{index}].platform",
                        f'"{defined.platform}" is not one of the platforms at the end of the '
                        f"file: {', '.join(content.platforms)}",
                    )
                )
    return problems
