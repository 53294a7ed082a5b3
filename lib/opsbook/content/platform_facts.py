"""Typed model of ``playbook/platform_facts.yaml``: what the platforms decide and change from year
to year (a sale's phases, the ad tools' names, a group's size, the export menus), each with the
month it is stated for and where an operator checks it (read by :mod:`opsbook.course.facts`)."""

from typing import Literal

from pydantic import Field

from opsbook.content.base import Key, Model, Text, duplicate_keys
from opsbook.content.metrics import Month


class PlatformFact(Model):
    key: Key
    topic: Text
    platforms: Text
    fact: Text
    check: Text  # where to check it before relying on it
    as_of: Month  # the month the fact is stated for


class PlatformFacts(Model):
    version: Literal[1]
    facts: list[PlatformFact] = Field(min_length=1)


def check_platform_facts(content: PlatformFacts) -> list[tuple[str, str]]:
    return duplicate_keys("facts", (f.key for f in content.facts))
