"""Typed model of ``playbook/compliance.yaml``: what copy, prices and pushes must not say, the
rule behind each, and what to write instead (read by :mod:`opsbook.compliance`)."""

import re
from typing import Literal

from pydantic import Field, field_validator

from opsbook.content.base import Key, Model, NonEmpty, Text, duplicate_keys
from opsbook.content.metrics import Month


class Rule(Model):
    key: Key
    name: Text
    patterns: list[NonEmpty] = Field(min_length=1)  # regular expressions
    basis: Text  # the law or the platform's terms, with the article and the date
    fix: Text
    as_of: Month

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a pattern ({error}) — fix it") from None
        return patterns


class Compliance(Model):
    version: Literal[1]
    rules: list[Rule] = Field(min_length=1)


def check_compliance(content: Compliance) -> list[tuple[str, str]]:
    return duplicate_keys("rules", (r.key for r in content.rules))
