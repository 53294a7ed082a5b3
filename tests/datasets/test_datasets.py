"""Sample data: deterministic, documented, coherent across tables, loadable from anywhere."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from opsbook.core.errors import DatasetError
from opsbook.core.paths import DATASETS_DIR
from opsbook.datasets import DATASETS, load_dataset
from opsbook.datasets.schema import VALUES
from opsbook_devtools.generator import write_all


def test_regenerated_data_is_byte_identical_to_committed(tmp_path):
    written = write_all(tmp_path)
    cohort = [p for p in written if p.parent.name == "sample_cohort"]
    exports = [p for p in written if p.parent.name == "exports"]
    assert len(written) - len(cohort) - len(exports) == len(DATASETS) + 1  # and the dictionary
    assert len(cohort) == 16  # eight teams, two quarters
    assert len(exports) == 2  # the my_data worksheet's sample shop
    for path in written:
        name = path.relative_to(tmp_path).as_posix()
        committed = DATASETS_DIR / name
        assert committed.read_bytes() == path.read_bytes(), (
            f"datasets/{name} differs from the generator's output — run `make data`"
        )
    assert sorted(p.name for p in (DATASETS_DIR / "sample_cohort").iterdir()) == sorted(
        p.name for p in cohort
    )


def test_files_are_small():
    for spec in DATASETS.values():
        assert (DATASETS_DIR / spec.file_name).stat().st_size < 800_000, spec.file_name


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_data_set_loads_with_documented_columns(name):
    frame = load_dataset(name)
    assert list(frame.columns) == [c.name for c in DATASETS[name].columns]
    assert len(frame) > 0
    for column in DATASETS[name].columns:
        if column.dtype == "date":
            assert pd.api.types.is_datetime64_any_dtype(frame[column.name])
        if column.dtype == "int":
            assert pd.api.types.is_integer_dtype(frame[column.name])


def test_data_dictionary_documents_every_column():
    readme = (DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    for spec in DATASETS.values():
        assert f"## `{spec.file_name}`" in readme
        for column in spec.columns:
            assert f"| `{column.name}` |" in readme


def test_unknown_data_set_lists_the_known_ones():
    with pytest.raises(DatasetError, match="use one of: channels, merchants"):
        load_dataset("order")


def test_loads_from_any_current_directory(tmp_path):
    code = "from opsbook.datasets import load_dataset; print(len(load_dataset('channels')))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.stdout.strip() == str(len(load_dataset("channels")))


def test_tables_reference_each_other():
    merchants = load_dataset("merchants")
    products = load_dataset("products")
    users = load_dataset("users")
    orders = load_dataset("orders")
    channels = load_dataset("channels")
    assert set(products["merchant_id"]) <= set(merchants["merchant_id"])
    assert set(orders["product_id"]) <= set(products["product_id"])
    assert set(orders["user_id"]) <= set(users["user_id"])
    assert set(orders["channel_id"]) <= set(channels["channel_id"])
    assert merchants["merchant_id"].is_unique and products["product_id"].is_unique
    assert (products["settlement_price"] < products["sale_price"]).all()
    assert (products["sale_price"] <= products["list_price"]).all()
    assert (orders["amount"] == (orders["quantity"] * orders["unit_price"]).round(2)).all()


def test_orders_add_up_to_daily_traffic():
    orders = load_dataset("orders")
    traffic = load_dataset("daily_channel_traffic")
    recent = traffic[traffic["date"] >= orders["order_date"].min()]
    by_day = orders.groupby(["order_date", "channel_id"]).agg(
        order_lines=("order_id", "size"), order_gmv=("amount", "sum")
    )
    by_day.index.names = ["date", "channel_id"]
    joined = recent.set_index(["date", "channel_id"]).join(by_day).fillna(0)
    assert (joined["orders"] == joined["order_lines"]).all()
    assert (joined["gmv"] - joined["order_gmv"]).abs().max() < 0.01


def test_funnel_never_widens():
    traffic = load_dataset("daily_channel_traffic")
    assert (traffic["product_views"] <= traffic["visits"]).all()
    assert (traffic["cart_adds"] <= traffic["product_views"]).all()
    assert (traffic["orders"] <= traffic["cart_adds"]).all()
    hourly = load_dataset("event_hourly")
    assert (hourly["detail_clicks"] <= hourly["page_views"]).all()
    assert (hourly["orders"] <= hourly["detail_clicks"]).all()


@pytest.mark.parametrize("column", sorted(VALUES))
def test_every_coded_value_in_the_sample_data_has_a_name_in_both_languages(column):
    codes = set()
    for spec in DATASETS.values():
        if column in [c.name for c in spec.columns]:
            codes |= set(load_dataset(spec.name)[column].dropna().unique())
    assert codes, f"no data set has a {column} column"
    assert codes <= set(VALUES[column])
    assert all(en and zh and en != zh for en, zh in VALUES[column].values())


def test_hourly_visitors_add_up_to_the_day():
    hourly = load_dataset("hourly_traffic")
    traffic = load_dataset("daily_channel_traffic")
    daily = traffic[traffic["date"] >= "2025-01-01"].groupby("date")["visits"].sum()
    assert (hourly.groupby("date")["uv"].sum() == daily).all()
    assert (hourly["pv"] >= hourly["uv"]).all() and len(hourly) == 24 * 365


def test_product_pages_had_a_visitor_for_every_order():
    daily = load_dataset("product_daily")
    orders = load_dataset("orders")
    counted = orders.groupby(["order_date", "product_id"]).size()
    merged = daily.set_index(["date", "product_id"])["orders"]
    assert merged.sum() == len(orders)
    assert (merged[counted.index] == counted).all()
    assert (daily["uv"] >= daily["orders"]).all()
    traffic = load_dataset("daily_channel_traffic")
    views = traffic[traffic["date"] >= "2025-01-01"].groupby("date")["product_views"].sum()
    assert (daily.groupby("date")["uv"].sum() == views).all()  # the day's product views
