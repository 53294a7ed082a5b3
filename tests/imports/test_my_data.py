"""The command line, the chapters' analyses on imported data, the my_data tool and the import
benchmark's agreement with DuckDB."""

import json
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from opsbook import my_data
from opsbook.core.errors import DatasetError
from opsbook.core.paths import DATASETS_DIR, PROJECT_ROOT
from opsbook.imports import import_file
from opsbook_devtools.export_samples import taobao_orders, write_csv

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "exports"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
COMMAND = Path(sys.executable).parent / "opsbook"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "work"
    monkeypatch.setenv("OPSBOOK_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def sample() -> my_data.MyData:
    from opsbook.widgets.my_data_worksheet import sample_data

    return sample_data()


# -- the command --------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=120)


def test_the_command_is_installed_with_the_project():
    assert COMMAND.is_file(), "pip install -e . installs the opsbook command into .venv/bin"


def test_import_prints_one_json_object_with_the_figures(home):
    done = run("import", str(FIXTURES / "taobao_orders.csv"), "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    expected = EXPECTED["taobao_orders.csv"]
    for key in ("rows_read", "orders", "gmv", "refunds", "first_order", "last_order", "dropped"):
        assert found[key] == expected[key], key
    assert found["platform"] == "taobao"
    assert (home / "my_data" / "taobao" / "orders.parquet").is_file()


# the rest call the command's main() in this process: the same code, without a Python start-up


def test_import_says_what_it_found_and_where_it_stored_it(capsys):
    from opsbook.serve.cli import main

    assert (
        main(
            ["import", str(FIXTURES / "wechat_shop_orders.csv"), "--profile", "wechat_shop_orders"]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert "WeChat shop orders" in said and "summary row (合计)" in said
    assert "Paid orders: 20" in said and "Stored in" in said


def test_a_file_the_command_cannot_import_fails_with_the_reason(tmp_path, capsys):
    from opsbook.serve.cli import main

    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["import", str(path), "--json"]) == 1
    said = capsys.readouterr()
    assert said.out == "" and "no import profile fits" in said.err
    assert main(["import", str(path), "--profile", "nope"]) == 1
    assert capsys.readouterr().err.startswith("There is no import")


def test_profiles_are_listed(capsys):
    from opsbook.serve.cli import main

    assert main(["profiles"]) == 0
    listed = capsys.readouterr().out
    assert all(key in listed for key in ("taobao_orders", "shopify_orders", "sycm_products"))


# -- the analyses ---------------------------------------------------------------------------------


def test_with_a_traffic_report_the_factors_are_the_platforms_own(sample):
    """访客数 × 支付转化率 × 客单价 = 支付金额, each from the 生意参谋 report by its own
    definitions (支付转化率 = 支付买家数 ÷ 访客数, 客单价 = 支付金额 ÷ 支付买家数)."""
    table, missing = my_data.gmv_factors(sample)
    assert missing == []
    traffic = sample.traffic.assign(
        month=pd.to_datetime(sample.traffic["date"]).dt.strftime("%Y-%m")
    )
    june = traffic[traffic["month"] == "2025-06"]
    row = table.loc["2025-06"]
    assert row["payment_conversion"] == pytest.approx(june["buyers"].sum() / june["visitors"].sum())
    assert row["aov_per_buyer"] == pytest.approx(june["paid_amount"].sum() / june["buyers"].sum())
    product = table["visitors"] * table["payment_conversion"] * table["aov_per_buyer"]
    assert ((product - table["traffic_gmv"]).abs() < 0.01).all()
    change = my_data.gmv_change(table, "2025-04", "2025-05")
    contributions = change.iloc[:, -1].map(lambda text: float(text.replace(",", ""))).sum()
    gap = table.loc["2025-05", "traffic_gmv"] - table.loc["2025-04", "traffic_gmv"]
    assert abs(contributions - gap) <= len(change)  # each contribution is rounded to the yuan
    assert change.iloc[1, 1].endswith("%")  # 支付转化率 as a percentage, not 0.0251


def test_without_traffic_the_factors_are_buyers_purchases_and_value_per_order():
    report = import_file(FIXTURES / "taobao_orders.csv", store=False)
    data = my_data.MyData.of("taobao", report.cleaned.tables, [report.file])
    table, missing = my_data.gmv_factors(data)
    assert "visitors" not in table and "生意参谋" in missing[0]
    product = table["buyers"] * table["purchases_per_buyer"] * table["aov_per_order"]
    assert ((product - table["gmv"]).abs() < 0.01).all()
    with pytest.raises(DatasetError, match="no period"):
        my_data.gmv_change(table, "2024-01", "2025-06")


def test_masked_buyer_names_make_every_per_buyer_figure_unknown(tmp_path):
    """Taobao writes buyers as t**8: they tell no buyer from another, so buyers, 客单价 and
    repurchase are unknown (null), never a guess from the masked names, and the page says why."""
    text = (FIXTURES / "taobao_orders.csv").read_bytes().decode("gb18030")
    lines = text.splitlines()
    header = lines[0].split(",")
    buyer = header.index("买家会员名")
    masked = [lines[0]] + [
        ",".join(
            f"{c[:1]}**{c[-1:]}" if i == buyer and c else c for i, c in enumerate(line.split(","))
        )
        for line in lines[1:]
    ]
    path = tmp_path / "masked.csv"
    path.write_bytes("\n".join(masked).encode("gb18030"))
    report = import_file(path, store=False)
    summary = report.summary()
    assert (summary["buyers"], summary["aov_per_buyer"]) == (None, None)
    assert summary["aov_per_order"] == round(summary["gmv"] / summary["orders"], 2)
    assert "masks buyers' names" in summary["per_buyer_unknown"]
    data = my_data.MyData.of("taobao", report.cleaned.tables, [report.file])
    table, missing = my_data.gmv_factors(data)
    assert list(table.columns[:3]) == ["gmv", "orders", "aov_per_order"] and "buyers" not in table
    assert any("t**8" in m for m in missing)
    with pytest.raises(DatasetError, match="masks buyers' names"):
        my_data.repurchase(data)


def test_a_traffic_report_gives_the_platforms_figures_over_its_days():
    """opsbook import --json of a 生意参谋 traffic report: buyers, 客单价 and 支付转化率 over the
    file's days, equal to the same sums taken by hand."""
    report = import_file(FIXTURES / "sycm_shop_traffic.xls", store=False)
    days = report.cleaned.tables["daily_traffic"].to_pandas()
    summary = report.summary()
    assert summary["buyers"] == days["buyers"].sum()
    assert summary["aov_per_buyer"] == round(days["paid_amount"].sum() / days["buyers"].sum(), 2)
    assert summary["payment_conversion"] == round(days["buyers"].sum() / days["visitors"].sum(), 6)


def test_repurchase_counts_buyers_with_more_than_one_order(sample):
    rate, retention = my_data.repurchase(sample)
    per_buyer = sample.orders.groupby("buyer_key")["order_id"].count()
    assert rate == pytest.approx((per_buyer > 1).mean() * 100)
    assert retention.iloc[:, 0].sum() == per_buyer.size  # every buyer in one first-month cohort


def test_an_export_without_buyers_says_so():
    report = import_file(FIXTURES / "pinduoduo_orders.csv", store=False)
    data = my_data.MyData.of("pinduoduo", report.cleaned.tables, [report.file])
    with pytest.raises(DatasetError, match="no buyer column"):
        my_data.repurchase(data)


def test_event_review_against_a_target(sample):
    table = my_data.event_review(sample, date(2025, 6, 1), date(2025, 6, 10), 20000)
    total = table.iloc[-1]
    days = sample.orders[sample.orders["day"].between("2025-06-01", "2025-06-10")]
    assert total["GMV"] == pytest.approx(days["paid_amount"].sum(), abs=0.01)
    assert total["Of the target %"] == round(days["paid_amount"].sum() / 20000 * 100, 1)
    assert "2,000 a day over 10 days" in table.attrs["pace"]
    with pytest.raises(DatasetError, match="covers 2025-01-01 – 2025-06-30"):
        my_data.event_review(sample, date(2024, 6, 1), date(2024, 6, 10), 20000)


def test_daily_report_on_your_orders(sample):
    report = my_data.daily(sample, date(2025, 6, 29))
    gmv = report.headline.set_index("metric").loc["gmv", "value"]
    that_day = sample.orders["day"] == pd.Timestamp(2025, 6, 29)
    assert gmv == pytest.approx(sample.orders.loc[that_day, "paid_amount"].sum())


def test_segments_of_your_buyers_name_each_by_their_last_order(sample):
    summary, recall = my_data.customer_segments(sample)
    assert summary["Customers"].sum() == sample.orders["buyer_key"].nunique()
    last = sample.orders.sort_values("day").groupby("buyer_key")["order_id"].last()
    assert set(recall["Their last order"]) <= set(last)  # an order number, never a buyer key


def test_stored_data_loads_with_its_files():
    import_file(FIXTURES / "taobao_orders.csv")
    import_file(FIXTURES / "sycm_shop_traffic.xls")
    assert my_data.platforms() == ["taobao"]
    data = my_data.load("taobao")
    assert data.files == ["taobao_orders.csv", "sycm_shop_traffic.xls"]
    assert "taobao_orders.csv" in data.source() and "2025-06-01 – 2025-06-30" in data.source()


# -- the tool -------------------------------------------------------------------------------------


def test_the_tool_shows_the_sample_until_data_is_imported():
    from opsbook.widgets import MyDataWorksheet

    tool = MyDataWorksheet()
    assert tool.source.value == "__sample__" and "1,8" in tool.summary()
    tool.bring(FIXTURES / "taobao_orders.csv")
    assert tool.source.value == "taobao"
    assert "Paid orders: 35" in tool.found.value and "Imported" in tool.status.value
    assert tool.summary().startswith("My data: 35 paid orders")


def test_the_tool_opens_the_form_for_an_unknown_layout_and_imports_with_it(tmp_path):
    from opsbook.widgets import MyDataWorksheet

    path = tmp_path / "订单.csv"
    path.write_text("单号,时间,实收,状态\nA1,2025-06-01 10:00:00,10.5,完成\n", encoding="utf-8")
    tool = MyDataWorksheet()
    tool.bring(path)
    assert "no import profile fits" in tool.status.value
    form = tool.form
    assert form.widget.layout.display == "flex" and form.headers == ["单号", "时间", "实收", "状态"]
    form.pickers["order_id"].value = "单号"
    form.pickers["created_at"].value = "时间"
    form.pickers["paid_amount"].value = "实收"
    form.pickers["status"].value = "状态"
    assert "完成" in form.seen.value
    form.statuses["paid"].value = "完成"
    form.save.click()
    assert form.message.value == "", form.message.value
    assert "Paid orders: 1" in tool.found.value, tool.status.value


def test_an_upload_is_imported_and_not_kept(home):
    from opsbook.widgets import MyDataWorksheet

    tool = MyDataWorksheet()
    content = (FIXTURES / "taobao_orders.csv").read_bytes()
    tool.upload.value = (
        {
            "name": "订单报表.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2025, 7, 1, tzinfo=timezone.utc),
        },
    )
    assert "订单报表.csv" in tool.found.value and tool.source.value == "taobao"
    assert list((home / "my_data" / ".incoming").iterdir()) == []


# -- the benchmark's two sides agree ----------------------------------------------------------


def test_the_benchmark_summary_matches_duckdbs(tmp_path):
    from opsbook_devtools.import_benchmark import duckdb_baseline, ours

    layout, _ = taobao_orders(3000, seed=11)
    export = write_csv(layout, tmp_path / "export.csv", "gb18030")
    utf8 = write_csv(layout, tmp_path / "utf8.csv", "utf-8")
    mine = ours(str(export), home=str(tmp_path / "bench-home"))
    theirs = duckdb_baseline(str(utf8))
    assert (mine["days"], mine["repurchase"]) == (theirs["days"], theirs["repurchase"])


def test_the_sample_exports_are_in_the_datasets():
    assert sorted(p.name for p in (DATASETS_DIR / "exports").iterdir()) == [
        "sycm_shop_traffic_2025H1.xls",
        "taobao_orders_2025H1.csv",
    ]
    assert pd.read_csv(
        DATASETS_DIR / "exports" / "taobao_orders_2025H1.csv", encoding="gb18030"
    ).shape == (2000, 34)


def test_only_the_my_data_page_takes_big_messages():
    """The my_data page's settings differ from the worksheet app's in the message size and the
    byte budget alone; the worksheet app keeps its 1 MB limit."""
    from opsbook.serve.app import JUPYTER_CONFIG, UPLOAD_CONFIG, voila_command
    from opsbook.serve.app_limits import BoundedChannels, UploadChannels
    from opsbook.widgets.my_data_worksheet import UPLOAD_LIMIT

    app = json.loads((JUPYTER_CONFIG / "voila.json").read_text())["Voila"]
    upload = json.loads((UPLOAD_CONFIG / "voila.json").read_text())["Voila"]
    assert app["tornado_settings"]["websocket_max_message_size"] == 1_000_000
    assert upload["tornado_settings"]["websocket_max_message_size"] > UPLOAD_LIMIT
    assert UploadChannels.byte_burst > UPLOAD_LIMIT > BoundedChannels.byte_burst
    same = {
        k: v for k, v in upload["tornado_settings"].items() if k != "websocket_max_message_size"
    }
    assert same.items() <= app["tornado_settings"].items()
    assert f"--Voila.config_file_paths={UPLOAD_CONFIG}" in voila_command(1, "t", "en", "my_data")
    assert f"--Voila.config_file_paths={JUPYTER_CONFIG}" in voila_command(1, "t", "en")


def test_a_path_typed_in_the_worksheet_is_imported():
    from opsbook.widgets import MyDataWorksheet

    tool = MyDataWorksheet()
    tool.path.value = str(FIXTURES / "douyin_orders.csv")
    assert "Paid orders: 17" in tool.found.value and tool.source.value == "douyin"
    tool.path.value = "/no/such/export.csv"
    assert "is not a file on this computer" in tool.status.value


def test_the_command_shows_a_progress_bar_in_a_terminal():
    import os
    import pty

    leader, follower = pty.openpty()
    done = subprocess.run(
        [str(COMMAND), "import", str(FIXTURES / "taobao_orders.csv")],
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    shown = os.read(leader, 65536).decode("utf-8", "replace")
    os.close(leader)
    assert done.returncode == 0
    assert "[" + "#" * 30 + "] 100% done" in shown and "checking values" in shown


def test_months_without_traffic_are_named(sample):
    traffic = sample.traffic[pd.to_datetime(sample.traffic["date"]) >= "2025-05-01"]
    partial = my_data.MyData(sample.platform, sample.orders, traffic, None, sample.files)
    table, missing = my_data.gmv_factors(partial)
    assert list(table.index) == ["2025-05", "2025-06"]
    assert missing[0].startswith("No traffic for 2025-01, 2025-02, 2025-03, 2025-04")


def test_the_analyses_follow_an_import_each_saying_what_it_cannot_do():
    """A month of Pinduoduo orders: no buyer column, too short for the daily report; every tab
    is rebuilt on the new data and says why instead of showing the sample's figures."""
    from opsbook.widgets import MyDataWorksheet

    tool = MyDataWorksheet()
    tool.bring(FIXTURES / "pinduoduo_orders.csv")
    assert "Imported" in tool.status.value
    assert tool.tabs.children == tuple(p.widget for p in tool._panels())
    assert "no buyer column" in tool.repurchase.output.value
    assert "no buyer column" in tool.segments.output.value
    assert "needs 4 earlier weeks" in tool.daily.static_html()
    assert "2025-01" not in tool.static_html()  # nothing of the sample shop is left
