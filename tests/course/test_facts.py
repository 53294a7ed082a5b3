"""Platform facts as dated data: each is shown with its month and where to check it, in both
languages; a fact file with a month that is no month, or a fact asked for that is not there, is
refused with what to do."""

import pytest

from opsbook.content import load_model, load_playbook
from opsbook.content.platform_facts import PlatformFacts, check_platform_facts
from opsbook.core.errors import ContentError
from opsbook.core.i18n import language
from opsbook.core.paths import PLAYBOOK_DIR
from opsbook.course.facts import all_facts, fact


def test_a_fact_is_shown_with_its_month_and_where_to_check_it():
    stated = load_playbook("platform_facts").facts[0]
    shown = repr(fact(stated.key))
    assert stated.fact.en in shown
    assert f"As of November 2026. Check it before you rely on it: {stated.check.en}." in shown
    assert stated.as_of == "2026-11"  # as the sentence above says it
    with language("zh"):
        page = fact(stated.key)._repr_html_()
    assert stated.fact.zh in page and "信息截至 2026年11月，使用前请核对：" in page


def test_every_fact_is_listed_with_its_month():
    facts = load_playbook("platform_facts").facts
    listed = repr(all_facts())
    assert listed.count("As of ") == len(facts)
    assert all(f.topic.en in listed for f in facts)


def test_a_fact_not_in_the_file_names_the_ones_that_are():
    with pytest.raises(ContentError, match=r'no platform fact "group_cap" .* known: big_sale'):
        fact("group_cap")


def test_a_month_that_is_no_month_is_refused(tmp_path):
    text = (PLAYBOOK_DIR / "platform_facts.yaml").read_text("utf-8")
    broken = tmp_path / "platform_facts.yaml"
    broken.write_text(text.replace('as_of: "2026-11"', 'as_of: "Nov 2026"', 1), "utf-8")
    with pytest.raises(ContentError) as refused:
        load_model(broken, PlatformFacts, check_platform_facts)
    assert str(refused.value) == (
        'platform_facts.yaml, facts[0] (big_sale_phases).as_of: expected a month as "YYYY-MM" '
        '(e.g. "2026-11"), found the text "Nov 2026".'
    )
