"""The copy checker (合规检查): what a learner's text says that advertising, pricing or platform
rules forbid (``playbook/compliance.yaml``), each with the rule behind it and what to write
instead. The plan builder, the persona's Moments and the copy test run it; a match is a warning
to read, since words can be fine in context."""

import re
from dataclasses import dataclass

import pandas as pd

from opsbook.content import load_playbook
from opsbook.core.i18n import pick


@dataclass(frozen=True)
class CopyFinding:
    rule: str  # the rule's key
    found: str  # the words in the text
    name: str  # the rule's name, its basis and the fix, in the language of the check
    basis: str
    fix: str
    message: str  # all of the above in one sentence


def check(text: str) -> list[CopyFinding]:
    """Every passage of ``text`` a rule matches, in the order they appear; matches of one rule
    that overlap (五星好评 and 好评返现 in 五星好评返现) are one passage."""
    passages = []
    for rule in load_playbook("compliance").rules:
        spans = sorted(
            match.span()
            for pattern in rule.patterns
            for match in re.finditer(pattern, text, flags=re.IGNORECASE)
        )
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        passages += [(start, rule, text[start:end]) for start, end in merged]
    findings, seen = [], set()
    for _, rule, words in sorted(passages, key=lambda p: p[0]):
        if (rule.key, words) in seen:
            continue
        seen.add((rule.key, words))
        name, basis, fix = str(rule.name), str(rule.basis), str(rule.fix)
        fix = pick(fix[:1].upper() + fix[1:], fix)
        message = pick(
            f'"{words}": {name} — {basis}. {fix}.', f"“{words}”：{name}——{basis}。{fix}。"
        )
        findings.append(CopyFinding(rule.key, words, name, basis, fix, message))
    return findings


def table(texts: dict[str, str]) -> pd.DataFrame:
    """What to change in each text before it goes out, a row per finding: the text's label, the
    words, the rule, its basis and the fix. Empty when every text passes."""
    rows = [
        (label, finding.found, finding.name, finding.basis, finding.fix)
        for label, text in texts.items()
        for finding in check(text)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            pick("Text", "文案"),
            pick("Words", "原文"),
            pick("Rule", "问题"),
            pick("Basis", "依据"),
            pick("Write instead", "改法"),
        ],
    )
