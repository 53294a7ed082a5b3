"""The four-powers rubric loads, is complete, and a bad edit gets a readable error."""

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import ContentError
from opsbook.core.paths import PLAYBOOK_DIR


@pytest.fixture
def rubric_text() -> str:
    return (PLAYBOOK_DIR / "four_powers.yaml").read_text(encoding="utf-8")


def test_the_four_powers_are_all_there():
    rubric = load_playbook("four_powers")
    assert [p.key for p in rubric.powers] == ["operation", "product", "merchandise", "organization"]
    assert str(rubric.powers[0].name.zh) == "运营力"
    assert all(len(p.items) >= 3 for p in rubric.powers)


def test_every_item_has_five_levels_an_action_per_level_and_known_metrics():
    rubric = load_playbook("four_powers")
    metrics = {m.key for m in rubric.metrics}
    for item in rubric.items.values():
        assert len(item.levels) == 5
        assert sorted(item.actions) == [1, 2, 3, 4]
        assert set(item.metrics) <= metrics
        assert len({str(t) for t in item.levels}) == 5, item.key  # no copy-pasted level


def test_rate_families_named_in_the_seed_are_defined():
    keys = {m.key for m in load_playbook("four_powers").metrics}
    for key in (
        "guide_login_rate",
        "guide_share_rate",
        "guide_order_rate",
        "oa_read_rate",
        "oa_click_rate",
        "oa_conversion_rate",
        "ad_ctr",
        "community_open_rate",
    ):
        assert key in keys


def test_the_live_rates_are_the_compass_four_counted_in_people():
    live = [m for m in load_playbook("four_powers").metrics if m.family == "live"]
    names = [m.name.zh for m in live]
    assert names[:4] == ["曝光-进入率", "商品曝光率", "商品点击率", "点击-成交转化率"]
    for metric in live:
        assert "人数" in metric.definition.zh  # people, not clicks or views


def test_missing_action_is_reported_with_its_key_path(rubric_text, write_yaml):
    broken = rubric_text.replace(
        '              4: {en: "Compare touchpoints by cost per private user gained',
        '              9: {en: "x',
        1,
    )
    with pytest.raises(ContentError) as error:
        load_playbook("four_powers", write_yaml(broken, "four_powers.yaml"))
    message = str(error.value)
    assert "four_powers.yaml" in message
    assert "(op_public_reach).actions" in message


def test_unknown_metric_is_reported(rubric_text, write_yaml):
    broken = rubric_text.replace("metrics: [store_traffic, ad_ctr]", "metrics: [store_trafic]")
    with pytest.raises(ContentError, match='"store_trafic" is not a metric'):
        load_playbook("four_powers", write_yaml(broken, "four_powers.yaml"))


def test_duplicate_item_key_is_reported(rubric_text, write_yaml):
    broken = rubric_text.replace("key: op_full_chain", "key: op_public_reach")
    with pytest.raises(ContentError, match=r"op_public_reach.*used 2 times"):
        load_playbook("four_powers", write_yaml(broken, "four_powers.yaml"))


def test_weight_out_of_range_is_explained(rubric_text, write_yaml):
    broken = rubric_text.replace("weight: 3", "weight: -1", 1)
    with pytest.raises(ContentError, match=r"weight: expected a number above 0"):
        load_playbook("four_powers", write_yaml(broken, "four_powers.yaml"))
