"""Importing platform exports: every profile's sample export gives exactly the figures of the
orders it was made from; each quirk of real exports has its own check; bad files are reported row
by row or refused whole, and lose nothing already imported."""

import json
import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from opsbook.content.import_profile import ImportProfile
from opsbook.core.errors import ContentError, DatasetError, StoreError
from opsbook.core.paths import PROJECT_ROOT
from opsbook.imports import MAX_BAD_SHARE, ImportRefused, import_file, storage
from opsbook.imports.profiles import load_profile, load_profiles, save_profile
from opsbook.imports.reading import detect_encoding, normalise_header
from opsbook_devtools.export_samples import taobao_orders, write_csv

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "exports"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Each test imports into its own empty work folder."""
    folder = tmp_path / "work"
    monkeypatch.setenv("OPSBOOK_HOME", str(folder))
    return folder


def stored(platform: str, table: str = "orders") -> pd.DataFrame:
    return pq.read_table(storage.table_path(platform, table)).to_pandas()


# -- every profile, its sample export -----------------------------------------------------------


def test_every_profile_has_a_sample_export():
    profiles = {p.key for p in load_profiles().values()}
    found = {import_file(FIXTURES / name, store=False).profile for name in EXPECTED}
    assert found == profiles


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_export_gives_the_figures_of_its_orders(name):
    summary = import_file(FIXTURES / name).summary()
    assert {key: summary[key] for key in EXPECTED[name]} == EXPECTED[name]
    assert summary["problems"] == []


def test_pinned_figures_of_the_taobao_export():
    """Pinned by hand, so a change to the sample generator cannot move both sides at once."""
    summary = import_file(FIXTURES / "taobao_orders.csv").summary()
    assert (summary["rows_read"], summary["orders"], summary["buyers"]) == (40, 35, 20)
    assert (summary["gmv"], summary["refunds"]) == (9381.43, 252.93)
    assert (summary["first_order"], summary["last_order"]) == ("2025-06-01", "2025-06-30")


# -- the quirks, one by one ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("taobao_orders.csv", "gb18030"),
        ("pinduoduo_orders.csv", "gb18030"),
        ("wechat_shop_orders.csv", "utf-8-sig"),
        ("douyin_orders.csv", "utf-8"),
    ],
)
def test_encoding_is_detected(name, encoding):
    assert import_file(FIXTURES / name, store=False).encoding == encoding


def test_encoding_detection_on_bytes():
    text = "订单编号,买家会员名,订单状态\n1,小鱼,交易成功\n" * 20
    assert detect_encoding(text.encode("gbk")) == "gb18030"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(text.encode("utf-16")) == "utf-16"


def test_headers_are_compared_without_width_brackets_or_spaces():
    assert normalise_header("用户实付金额（元）") == normalise_header("用户实付金额(元)")
    assert normalise_header("订单付款时间 ") == normalise_header("订单付款时间")
    assert normalise_header("\ufeffPaid  at") == "paidat"


def test_order_numbers_keep_every_digit():
    """="…" (Taobao), a leading tab (Douyin) and 19 plain digits (WeChat) stay exact text."""
    _, truth = taobao_orders(40, seed=8, start=date(2025, 6, 1), days=30)
    import_file(FIXTURES / "taobao_orders.csv")
    assert sorted(stored("taobao")["order_id"]) == sorted(truth["order_id"])
    import_file(FIXTURES / "douyin_orders.csv")
    assert all(i.startswith("69251804") and len(i) == 19 for i in stored("douyin")["order_id"])
    import_file(FIXTURES / "wechat_shop_orders.csv")
    assert "3721056488123345600" in set(stored("wechat_shop")["order_id"])


def test_order_numbers_cut_to_scientific_form_are_reported(tmp_path):
    layout, _ = taobao_orders(100, seed=1)
    layout.loc[7, "订单编号"] = "2.98969E+18"
    path = write_csv(layout, tmp_path / "orders.csv")
    report = import_file(path)
    assert report.summary()["orders"] == 99 - (
        report.cleaned.tables["orders"]["paid_at"].null_count
    )
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (9, "订单编号", "2.98969E+18")
    assert "scientific" in problem.reason


def test_title_rows_above_the_header_are_skipped():
    rows = {name: import_file(FIXTURES / name, store=False).header_row for name in EXPECTED}
    assert rows["sycm_shop_traffic.xls"] == 4
    assert rows["sycm_products.xlsx"] == 3
    assert rows["meituan_redemptions.xlsx"] == 3
    assert rows["taobao_orders.csv"] == 1


def test_summary_and_empty_rows_are_dropped_and_counted():
    summary = import_file(FIXTURES / "wechat_shop_orders.csv").summary()
    assert summary["dropped"] == {"summary row (合计)": 1, "empty row": 1}


def test_amounts_with_currency_signs_separators_and_wan():
    import_file(FIXTURES / "wechat_shop_orders.csv")  # ¥1,234.00
    assert stored("wechat_shop")["paid_amount"].sum() > 0
    report = import_file(FIXTURES / "sycm_products.xlsx")  # 1.2万
    products = report.cleaned.tables["products"].to_pandas()
    assert (products["paid_amount"] >= 10000).any()
    assert (products["paid_amount"] % 1000 == 0).any()


def test_percent_text_becomes_a_share():
    report = import_file(FIXTURES / "sycm_shop_traffic.xls")
    days = report.cleaned.tables["daily_traffic"].to_pandas()
    worked_out = (days["buyers"] / days["visitors"]).round(4)
    assert ((days["conversion"] - worked_out).abs() < 0.00006).all()
    assert days["conversion"].between(0, 1).all()


def test_times_with_an_offset_become_beijing_time():
    import_file(FIXTURES / "shopify_orders.csv")
    orders = stored("shopify").sort_values("order_id")
    first = orders.iloc[0]
    raw = pd.read_csv(FIXTURES / "shopify_orders.csv", dtype=str)
    written = raw.loc[raw["Name"] == first["order_id"], "Created at"].iloc[0]  # … -0700
    beijing = pd.Timestamp(written[:19]) + pd.Timedelta(hours=15)
    assert first["created_at"] == beijing
    assert orders["currency"].eq("USD").all()


def test_statuses_are_mapped():
    """The sample has every state: 交易成功 and the shipping states are paid, 等待买家付款 is
    unpaid, 交易关闭 is closed without a payment time and refunded with one."""
    _, truth = taobao_orders(40, seed=8, start=date(2025, 6, 1), days=30)
    import_file(FIXTURES / "taobao_orders.csv")
    orders = stored("taobao").set_index("order_id")
    assert orders.loc[truth["order_id"], "status"].tolist() == truth["status"].tolist()
    assert orders.query("status in ['unpaid', 'closed']")["paid_at"].isna().all()
    assert orders.query("status == 'refunded'")["paid_at"].notna().all()


def test_a_status_the_profile_does_not_know_is_reported(tmp_path):
    layout, _ = taobao_orders(200, seed=2)
    layout.loc[5, "订单状态"] = "神秘状态"
    report = import_file(write_csv(layout, tmp_path / "orders.csv"))
    (problem,) = report.problems
    assert (problem.row, problem.value) == (7, "神秘状态")
    assert "not in the import profile" in problem.reason


def test_a_new_line_inside_a_quoted_cell_stays_in_its_row():
    text = (FIXTURES / "taobao_orders.csv").read_bytes().decode("gb18030")
    assert "谢谢！\r\n周末" in text or "谢谢！\n周末" in text
    assert import_file(FIXTURES / "taobao_orders.csv").summary()["rows_read"] == 40


def test_orders_split_in_lines_are_gathered():
    """Douyin sub-orders and Shopify line items: one order, its lines kept as order lines."""
    import_file(FIXTURES / "douyin_orders.csv")
    lines = stored("douyin", "order_lines")
    orders = stored("douyin")
    assert len(lines) == EXPECTED["douyin_orders.csv"]["rows_read"] > len(orders)
    per_order = lines.groupby("order_id")["line_amount"].sum().round(2)
    assert (per_order.loc[orders["order_id"]].to_numpy() == orders["paid_amount"].to_numpy()).all()
    import_file(FIXTURES / "shopify_orders.csv")
    assert len(stored("shopify", "order_lines")) == EXPECTED["shopify_orders.csv"]["rows_read"]


# -- nothing silently wrong ---------------------------------------------------------------------


def test_a_bad_cell_is_reported_with_row_column_value_and_reason(tmp_path):
    layout, _ = taobao_orders(300, seed=4)
    layout.loc[10, "买家实际支付金额"] = "12,5x"
    report = import_file(write_csv(layout, tmp_path / "orders.csv"))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (12, "买家实际支付金额", "12,5x")
    assert "not an amount" in problem.reason
    assert report.summary()["dropped"] == {f"买家实际支付金额: {problem.reason}": 1}
    assert len(stored("taobao")) == 299


def test_a_file_with_too_many_bad_rows_is_refused_and_earlier_data_kept(tmp_path):
    import_file(FIXTURES / "taobao_orders.csv")
    before = storage.table_path("taobao", "orders").read_bytes()
    layout, _ = taobao_orders(100, seed=5)
    bad = int(100 * MAX_BAD_SHARE) + 1
    layout.loc[: bad - 1, "订单创建时间"] = "yesterday"
    with pytest.raises(ImportRefused) as refused:
        import_file(write_csv(layout, tmp_path / "orders.csv"))
    message = str(refused.value)
    assert "not imported" in message and "row 2, 订单创建时间 = 'yesterday'" in message
    assert storage.table_path("taobao", "orders").read_bytes() == before


def test_importing_again_does_not_double():
    first = import_file(FIXTURES / "taobao_orders.csv")
    again = import_file(FIXTURES / "taobao_orders.csv")
    assert first.stored == again.stored == {"orders": 40}
    assert len([e for e in storage.manifest() if e["platform"] == "taobao"]) == 1


def test_an_overlapping_export_replaces_rows(tmp_path):
    layout, _ = taobao_orders(60, seed=6)
    import_file(write_csv(layout.iloc[:40], tmp_path / "first.csv"))
    changed = layout.iloc[20:].copy()
    changed["订单状态"] = "交易成功"
    report = import_file(write_csv(changed, tmp_path / "second.csv"))
    assert report.stored == {"orders": 60}
    assert (
        stored("taobao").set_index("order_id").loc[changed["订单编号"].str[2:-1], "status"]
        == "paid"
    ).all()


def test_an_unknown_layout_names_the_closest_profile(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("订单编号,下单时间,金额\n1,2025-06-01 10:00:00,10\n", encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        import_file(path)
    message = str(error.value)
    assert "no import profile fits" in message and "The closest is" in message
    assert '"' in message.split("needs the columns")[1]


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "empty"), (b"<html><table><tr><td>1</td></tr></table></html>", "web page")],
)
def test_files_that_are_not_tables(tmp_path, content, says):
    path = tmp_path / "export.xls"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=says):
        import_file(path)


# -- privacy ------------------------------------------------------------------------------------


def test_names_phones_and_addresses_are_not_stored(home):
    import_file(FIXTURES / "taobao_orders.csv")
    import_file(FIXTURES / "youzan_orders.xlsx")
    _, truth = taobao_orders(40, seed=8, start=date(2025, 6, 1), days=30)
    kept = b"".join(p.read_bytes() for p in (home / "my_data").rglob("*") if p.is_file())
    for secret in ["张**", "138****", "文三路", truth["buyer"].iloc[0], "13900000001", "孙**"]:
        assert secret.encode("utf-8") not in kept and secret.encode("gb18030") not in kept
    keys = stored("taobao")["buyer_key"].dropna()
    assert keys.str.fullmatch("[0-9a-f]{16}").all()
    salt = home / "my_data" / "salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600


def test_buyer_keys_do_not_depend_on_the_encoding(tmp_path):
    layout, _ = taobao_orders(50, seed=9)
    import_file(write_csv(layout, tmp_path / "gbk.csv", "gb18030"))
    gbk = stored("taobao").set_index("order_id")["buyer_key"]
    storage.table_path("taobao", "orders").unlink()
    import_file(write_csv(layout, tmp_path / "utf8.csv", "utf-8"))
    utf8 = stored("taobao").set_index("order_id")["buyer_key"]
    assert gbk.sort_index().equals(utf8.sort_index())


def test_nothing_is_written_into_the_repository():
    def changed() -> str:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                              cwd=PROJECT_ROOT, capture_output=True, text=True).stdout  # fmt: skip

    before = changed()
    import_file(FIXTURES / "taobao_orders.csv")
    assert changed() == before


# -- profiles -----------------------------------------------------------------------------------


def test_a_broken_profile_names_its_file_and_key(tmp_path):
    text = (PROJECT_ROOT / "playbook" / "imports" / "taobao_orders.yaml").read_text("utf-8")
    broken = tmp_path / "taobao_orders.yaml"
    broken.write_text(text.replace("  paid_amount: 买家实际支付金额\n", ""), "utf-8")
    with pytest.raises(ContentError, match=r"taobao_orders.yaml.*columns.paid_amount.*required"):
        load_profile(broken)


def test_a_saved_profile_reads_a_new_layout(tmp_path):
    path = tmp_path / "小程序订单.csv"
    path.write_text(
        "单号,时间,实收,状态\nA1,2025-06-01 10:00:00,10.5,完成\nA2,2025-06-02 11:00:00,20,完成\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError):
        import_file(path)
    profile = ImportProfile.model_validate(
        {
            "key": "mini_program_orders",
            "title": {"en": "Mini program orders", "zh": "小程序订单"},
            "platform": "mini_program",
            "platform_name": {"en": "Mini program", "zh": "小程序"},
            "table": "orders",
            "export_from": {"en": "our back office", "zh": "自己的后台"},
            "columns": {"order_id": "单号", "created_at": "时间", "paid_amount": "实收",
                        "status": "状态"},
            "statuses": {"paid": ["完成"]},
        }
    )  # fmt: skip
    saved = save_profile(profile)
    assert saved.parent == Path(os.environ["OPSBOOK_HOME"]) / "my_data" / "profiles"
    summary = import_file(path).summary()
    assert (summary["profile"], summary["orders"], summary["gmv"]) == (
        "mini_program_orders",
        2,
        30.5,
    )


def test_a_stored_table_changed_by_hand_is_named_and_kept(home):
    import_file(FIXTURES / "taobao_orders.csv")
    path = storage.table_path("taobao", "orders")
    path.write_bytes(b"not parquet")
    with pytest.raises(StoreError, match=r"my_data/taobao/orders.parquet .*cannot be read"):
        import_file(FIXTURES / "taobao_orders.csv")
    assert path.read_bytes() == b"not parquet"


def test_an_import_that_fails_while_saving_keeps_the_earlier_one_and_no_part_file(
    home, tmp_path, monkeypatch
):
    """A table is written straight into a temporary file: a disk that fills up halfway leaves
    the earlier import as it was, its index too, and no part of the new file behind."""
    import_file(FIXTURES / "taobao_orders.csv")
    before = stored("taobao")
    index = (home / "my_data" / storage.MANIFEST).read_text("utf-8")
    layout, _ = taobao_orders(30, seed=7)
    newer = tmp_path / "newer.csv"
    write_csv(layout, newer, "gb18030")

    full = r"orders.parquet, my_data/imports.json: not saved — the disk is full .* last saved"

    def disk_full(data, out, **options):
        out.write(b"PAR1" + bytes(4096))  # the first bytes of the table, then no more room
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(StoreError, match=full):
        patch.setattr(storage.pq, "write_table", disk_full)
        import_file(newer)
    assert stored("taobao").equals(before)
    assert (home / "my_data" / storage.MANIFEST).read_text("utf-8") == index
    assert [p.name for p in (home / "my_data").rglob("*.tmp")] == []


def douyin_twice(tmp_path) -> tuple[Path, dict]:
    """Douyin's sample imported, and a copy of it with other order numbers to import next."""
    import_file(FIXTURES / "douyin_orders.csv")
    before = {table: stored("douyin", table) for table in ("orders", "order_lines")}
    text = (FIXTURES / "douyin_orders.csv").read_text("utf-8")
    newer = tmp_path / "newer.csv"
    newer.write_text(text.replace("\t69251804773", "\t79251804773"), "utf-8")
    return newer, before


def test_orders_and_their_lines_are_saved_both_or_neither(home, tmp_path, monkeypatch):
    """Douyin's export has a row per line: its orders and order lines are two tables. When the
    lines cannot be written, the orders are not replaced either (no line without its order)."""
    newer, before = douyin_twice(tmp_path)
    real = storage.pq.write_table

    def lines_fail(data, out, **options):
        if "line" in data.column_names:
            raise OSError(28, "No space left on device")
        real(data, out, **options)

    with monkeypatch.context() as patch, pytest.raises(StoreError, match="the disk is full"):
        patch.setattr(storage.pq, "write_table", lines_fail)
        import_file(newer)
    for table, frame in before.items():
        assert stored("douyin", table).equals(frame)
    assert [p.name for p in (home / "my_data").rglob("*.tmp")] == []
    assert import_file(newer).stored["orders"] > len(before["orders"])  # the file itself is fine


def test_an_index_that_cannot_be_written_keeps_the_tables_too(home, tmp_path, monkeypatch):
    """The tables and the import's entry in imports.json are saved together: the index failing
    to be written leaves the tables as they were, so the two never disagree."""
    from opsbook.core import store

    newer, before = douyin_twice(tmp_path)
    index = (home / "my_data" / storage.MANIFEST).read_text("utf-8")
    real = store._temporary

    def index_fails(path, write, mode):
        if path.name == storage.MANIFEST:
            raise OSError(28, "No space left on device")
        return real(path, write, mode)

    with monkeypatch.context() as patch, pytest.raises(StoreError, match="the disk is full"):
        patch.setattr(store, "_temporary", index_fails)
        import_file(newer)
    for table, frame in before.items():
        assert stored("douyin", table).equals(frame)
    assert (home / "my_data" / storage.MANIFEST).read_text("utf-8") == index
    assert [p.name for p in (home / "my_data").rglob("*.tmp")] == []


def test_an_interrupt_between_two_renames_puts_the_rest_in_place(home, tmp_path, monkeypatch):
    """Once the first file is renamed into place, the others follow before the interrupt goes
    on: the tables and the index are all new, never old and new mixed."""
    from opsbook.core import store

    newer, before = douyin_twice(tmp_path)
    real, calls = os.replace, []

    def interrupted(source, target):
        real(source, target)
        calls.append(target)
        if len(calls) == 1:
            raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(store.os, "replace", interrupted)
        import_file(newer)
    assert len(calls) == 3  # orders, order lines and the index
    assert len(stored("douyin")) == 2 * len(before["orders"])
    assert len(stored("douyin", "order_lines")) == 2 * len(before["order_lines"])
    assert [e["file"] for e in storage.manifest()] == ["douyin_orders.csv", "newer.csv"]
    assert [p.name for p in (home / "my_data").rglob("*.tmp")] == []


def test_two_first_imports_agree_on_the_salt(home):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        salts = set(pool.map(lambda _: storage.salt(), range(32)))
    assert len(salts) == 1 and (home / "my_data" / "salt").read_text() == salts.pop()
    assert [p.name for p in (home / "my_data").iterdir()] == ["salt"]
