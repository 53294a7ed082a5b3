"""The copy checker: what a learner's text says that advertising, pricing or platform rules
forbid, each with its rule and the fix; and words that only look alike pass."""

import pytest

from opsbook.compliance import check, table
from opsbook.content import load_playbook
from opsbook.core.i18n import language


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "全网最低价，史上最划算",
            [("superlatives", "全网最低"), ("superlatives", "史上最划算")],
        ),
        ("NO.1 人气火锅，国家级大厨坐镇", [("superlatives", "NO.1"), ("superlatives", "国家级")]),
        ("原价 199 元，限时 99 元", [("reference_price", "原价 199")]),
        (
            "门市价：268，划线价 328",
            [("reference_price", "门市价：268"), ("reference_price", "划线价 328")],
        ),
        (
            "五星好评返现 5 元",
            [("reviews_for_rewards", "五星好评返现")],
        ),
        ("到店晒图送饮品", [("reviews_for_rewards", "晒图送")]),
        ("转发朋友圈即可领券", [("induced_sharing", "转发朋友圈即可领")]),
        (
            "分享到 3 个群就能免单；集赞 30 个送甜品",
            [("induced_sharing", "分享到 3 个群"), ("induced_sharing", "集赞")],
        ),
        ("周五给所有会员发短信提醒", [("mass_messages", "给所有会员发短信")]),
        (
            "The lowest prices online; a five-star review earns a coupon",
            [
                ("superlatives", "The lowest prices"),
                ("reviews_for_rewards", "five-star review earns a coupon"),
            ],
        ),
        (
            "销量第一，全网首发，火锅界天花板",
            [
                ("superlatives", "销量第一"),
                ("superlatives", "全网首发"),
                ("superlatives", "天花板"),
            ],
        ),
        (
            "市场价 398，日常价 268",
            [("reference_price", "市场价 398"), ("reference_price", "日常价 268")],
        ),
        (
            "追评返现，晒单返 5 元，点评截图领饮品",
            [
                ("reviews_for_rewards", "追评返现"),
                ("reviews_for_rewards", "晒单返"),
                ("reviews_for_rewards", "点评截图领"),
            ],
        ),
        (
            "分享给三位好友即可领券，关注公众号即送小食",
            [("induced_sharing", "分享给三位好友"), ("induced_sharing", "关注公众号即送")],
        ),
        ("60 分钟祛湿排毒，月瘦 5 斤", [("health_claims", "祛湿"), ("health_claims", "排毒")]),
        # words that only look alike, and what operators write every day
        ("the second-best event of the year, best-selling set", []),
        ("最好提前一天预约；最低 2 人起订；满 200 最高减 50 元", []),
        ("我们的第一家门店，券码唯一，最新菜单", []),
        ("感谢大家的五星好评！划线价的含义见页面说明", []),
        ("最近来的新客第一次下单送小菜", []),
        ("邀请好友注册，好友首单后双方各得 10 元", []),
        ("门店菜单价 268 元，本周 199 元", []),
    ],
)
def test_each_rule_finds_its_words_and_only_those(text, found):
    assert [(f.rule, f.found) for f in check(text)] == found


def test_a_finding_names_the_rule_and_the_fix_in_the_learners_language():
    with language("zh"):
        [finding] = check("原价 199")
    assert finding.message.startswith("“原价 199”：划线价 / 原价——《明码标价和禁止价格欺诈规定》")
    assert finding.message.endswith("（如“门店菜单价”“5 月 10 日售价”）。")
    [finding] = check("原价 199")
    assert finding.message.startswith(
        '"原价 199": A struck-through or original price (划线价 / 原价) — Rules on Clearly Marked'
    )
    assert (
        'Show a compared price only if you really sold at it, and say what it is ("menu'
        in finding.message
    )


def test_every_rule_says_its_basis_and_when_it_was_written_down():
    for rule in load_playbook("compliance").rules:
        assert rule.basis.en and rule.basis.zh and rule.as_of.startswith("20")


def test_the_table_lists_each_texts_findings_under_its_label():
    with language("zh"):
        texts = {"A 版": "全网最低价", "B 版": "今晚 8 点开抢", "朋友圈": "转发朋友圈即可领券"}
        found = table(texts)
    assert list(found.columns) == ["文案", "原文", "问题", "依据", "改法"]
    assert found[["文案", "原文", "问题"]].values.tolist() == [
        ["A 版", "全网最低", "极限词"],
        ["朋友圈", "转发朋友圈即可领", "诱导分享"],
    ]
    assert table({"A": "Opens at 8 tonight"}).empty
