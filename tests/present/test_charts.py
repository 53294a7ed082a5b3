"""The house theme renders Chinese labels with real glyphs, and charts describe themselves."""

import io
import warnings

import pandas as pd
import pytest

from opsbook.core.errors import OpsbookError
from opsbook.core.paths import FONT_NAME
from opsbook.present import charts


def test_chinese_text_renders_without_missing_glyphs():
    assert charts.missing_glyph_warnings("运营力 产品力 商品力 组织力 私域 复购 核销") == []


def test_the_glyph_check_can_fail():
    # A character no bundled font covers must be reported, or the test above proves nothing.
    assert charts.missing_glyph_warnings("\U0001d11e")  # MUSICAL SYMBOL G CLEF


def test_heatmap_with_chinese_labels_draws_cleanly():
    table = pd.DataFrame(
        {"营运负责人": ["R", ""], "门店": ["C", "R"]}, index=["核心门店确认", "培训"]
    )
    figure = charts.code_heatmap(table, {"": 0, "C": 1, "R": 2}, "职责矩阵")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = figure._repr_png_()
    assert png.startswith(b"\x89PNG")
    assert repr(figure) == "Chart: 职责矩阵"
    figure.savefig(io.BytesIO(), format="svg")


def test_heatmap_rejects_unknown_codes():
    table = pd.DataFrame({"a": ["R", "X"]})
    with pytest.raises(OpsbookError, match=r"Unknown codes \['X'\]"):
        charts.code_heatmap(table, {"": 0, "R": 2}, "t")


def test_theme_is_large_enough_for_a_projector():
    charts.use_theme()
    import matplotlib as mpl

    assert mpl.rcParams["font.sans-serif"][0] == FONT_NAME
    assert mpl.rcParams["axes.labelsize"] >= 14
