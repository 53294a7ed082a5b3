"""Deterministic generator of the sample data: one fictional local-life platform, 澜亭生活
(Lanting Life), its merchants, products, users, channels, touchpoints, orders, traffic and events.

Run ``python -m opsbook_devtools.generator`` (or ``make data``) to rewrite ``datasets/``; a test
regenerates everything and checks it is byte-identical to what is committed.
"""

import argparse
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from lunardate import LunarDate

from opsbook.core.paths import DATASETS_DIR
from opsbook.datasets.schema import DATASETS, VALUES
from opsbook_devtools.export_samples import write_demo
from opsbook_devtools.sample_cohort import write_cohort

SEED = 20250101
START, END = date(2024, 1, 1), date(2025, 12, 31)
ORDERS_FROM = date(2025, 1, 1)

CHANNELS = [
    # id, en, zh, domain, cost per visit, daily base visits, order rate per visit
    ("search_ads", "Search ads", "搜索广告", "public", 1.80, 105, 0.020),
    ("feed_ads", "Feed ads", "信息流广告", "public", 1.20, 140, 0.012),
    ("platform_slots", "Platform promotion slots", "平台推广位", "public", 0.90, 95, 0.016),
    ("official_account", "Official account", "公众号", "private", 0.15, 75, 0.024),
    ("community", "Communities", "社群", "private", 0.10, 60, 0.034),
    ("moments", "Moments posts", "朋友圈", "private", 0.08, 45, 0.030),
    ("private_chat", "Private chat by the IP account", "IP号私聊", "private", 0.30, 24, 0.055),
    ("live", "Live streams", "直播", "private", 0.40, 38, 0.028),
]

CATEGORIES = [
    # key, en, zh, price range (yuan)
    ("hotpot", "Hotpot", "火锅", (88, 268)),
    ("bbq", "Barbecue", "烧烤", (68, 198)),
    ("coffee_tea", "Coffee & tea", "咖啡茶饮", (19, 59)),
    ("bakery", "Bakery", "烘焙", (29, 99)),
    ("spa", "Spa & massage", "按摩SPA", (128, 398)),
    ("kids_play", "Kids play", "亲子乐园", (59, 169)),
    ("fitness", "Fitness", "健身", (39, 299)),
    ("cinema", "Cinema", "影院", (35, 79)),
]
NAME_PARTS = [
    ("Riverside", "江畔"),
    ("Old Town", "老城"),
    ("Bamboo", "竹里"),
    ("Lantern", "灯笼"),
    ("Harbor", "港湾"),
    ("Maple", "枫林"),
    ("Jade", "玉石"),
    ("Sunrise", "日出"),
    ("Cloud", "云上"),
    ("Pine", "松间"),
]
DISTRICTS = ["east_lake", "west_gate", "south_bay", "north_hill", "central"]
PACKAGES = [
    ("set_meal", "Set for two", "双人套餐", 1.0),
    ("set_meal", "Set for four", "四人套餐", 1.8),
    ("voucher", "100-yuan voucher", "100元代金券", 0.55),
    ("service", "Single visit", "单次体验", 0.7),
]
EVENTS = [
    # node, en, zh, (month, day) start, days, GMV multiplier on traffic
    ("new_year", "New Year treats", "元旦福利", (1, 1), 3, 1.6),
    ("valentines", "Valentine's dinner", "情人节晚餐", (2, 12), 3, 1.9),
    ("women_day", "3.8 self-care week", "三八女神节", (3, 6), 3, 1.5),
    ("mid_year_618", "618 mid-year sale", "618年中大促", (6, 16), 3, 2.2),
    ("qixi", "Qixi date night", "七夕约会季", (8, 25), 2, 1.7),  # the lunar date moves; see below
    ("national_day", "National Day holiday", "国庆假期", (10, 1), 5, 1.8),
    ("double_11", "Double 11", "双11", (11, 9), 3, 2.8),
    ("double_12", "Double 12", "双12", (12, 10), 3, 2.0),
]
TOUCHPOINT_FAMILIES = {
    # family: [(stage, base count or ratio to previous step)]
    "store": [("store visitors reached", 52000), ("visitors who scanned or interacted", 0.09)],
    "shopping_guide": [
        ("guides on the roster", 180),
        ("guides who logged in", 0.78),
        ("guides who shared", 0.55),
        ("guides with an order", 0.46),
    ],
    "official_account": [
        ("followers reached by posts", 38000),
        ("reads", 0.12),
        ("clicks to the mall", 0.18),
        ("orders", 0.07),
    ],
    "live": [
        ("viewers", 9000),
        ("viewers who engaged", 0.21),
        ("product clicks", 0.45),
        ("purchases", 0.11),
    ],
    "ads": [("ad impressions", 640000), ("ad clicks", 0.014)],
    "community": [("community members", 8600), ("members who spoke this month", 0.16)],
}


def _days() -> list[date]:
    return [START + timedelta(days=i) for i in range((END - START).days + 1)]


def qixi(year: int) -> date:
    """七夕, the seventh day of the seventh lunar month, in ``year``."""
    return LunarDate(year, 7, 7).to_solar_date()


def _event_dates() -> pd.DataFrame:
    rows = []
    for year in (2024, 2025):
        for node, en, zh, (month, day), days, lift in EVENTS:
            start = qixi(year) - timedelta(days=1) if node == "qixi" else date(year, month, day)
            rows.append((node, en, zh, start, start + timedelta(days=days - 1), lift, year))
    return pd.DataFrame(
        rows, columns=["node", "name_en", "name_zh", "start_date", "end_date", "lift", "year"]
    )


def make_channels() -> pd.DataFrame:
    return pd.DataFrame(
        [c[:5] for c in CHANNELS],
        columns=["channel_id", "name_en", "name_zh", "domain", "cost_per_visit"],
    )


def make_merchants(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for i in range(40):
        cat_key, cat_en, cat_zh, _ = CATEGORIES[i % len(CATEGORIES)]
        part_en, part_zh = NAME_PARTS[(i * 3 + i // len(CATEGORIES)) % len(NAME_PARTS)]
        location = "business_district" if rng.random() < 0.55 else "street"
        signed = START + timedelta(days=int(rng.integers(0, 540)))
        rows.append(
            (
                f"M{i + 1:03d}",
                f"{part_en} {cat_en}",
                f"{part_zh}{cat_zh}",
                cat_key,
                DISTRICTS[int(rng.integers(0, len(DISTRICTS)))],
                location,
                int(rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 8, 12])),
                int(rng.integers(1, 6)),
                signed,
            )
        )
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["merchants"].columns])


def make_products(rng: np.random.Generator, merchants: pd.DataFrame) -> pd.DataFrame:
    ranges = {key: price for key, _, _, price in CATEGORIES}
    rows, n = [], 0
    for merchant in merchants.itertuples():
        low, high = ranges[merchant.category]
        for ptype, en, zh, factor in PACKAGES[: 2 + int(rng.integers(0, 2))]:
            n += 1
            list_price = float(round(rng.uniform(low, high) * factor))
            sale_price = round(list_price * float(rng.uniform(0.62, 0.88)))
            settlement = round(sale_price * float(rng.uniform(0.78, 0.9)), 1)
            rows.append(
                (
                    f"P{n:03d}",
                    merchant.merchant_id,
                    f"{merchant.name_en} · {en}",
                    f"{merchant.name_zh}·{zh}",
                    ptype,
                    list_price,
                    float(sale_price),
                    settlement,
                    int(rng.integers(50, 800)),
                )
            )
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["products"].columns])


def make_daily_traffic(rng: np.random.Generator) -> pd.DataFrame:
    events = _event_dates()
    lift_by_day: dict[date, float] = {}
    for event in events.itertuples():
        day = event.start_date
        while day <= event.end_date:
            lift_by_day[day] = event.lift
            day += timedelta(days=1)
    rows = []
    for day in _days():
        growth = 1.0 + 0.28 * ((day - START).days / 365)  # the platform grows year over year
        weekend = 1.25 if day.weekday() >= 5 else 1.0
        season = 1.0 + 0.12 * np.sin(2 * np.pi * (day.timetuple().tm_yday - 80) / 365)
        lift = lift_by_day.get(day, 1.0)
        for channel_id, _, _, domain, _, base, order_rate in CHANNELS:
            private_growth = 1.0 + (0.25 * (day - START).days / 365 if domain == "private" else 0)
            expected = base * growth * weekend * season * lift * private_growth
            visits = int(rng.poisson(expected))
            views = int(rng.binomial(visits, 0.46))
            carts = int(rng.binomial(views, 0.24))
            rate = order_rate * (1.15 if lift > 1 else 1.0) / (0.46 * 0.24)
            orders = int(rng.binomial(carts, min(rate, 0.9)))
            rows.append((day, channel_id, visits, views, carts, orders, 0.0))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["daily_channel_traffic"].columns])


def make_users(rng: np.random.Generator, count: int = 3000) -> pd.DataFrame:
    channel_ids = [c[0] for c in CHANNELS]
    weights = np.array([c[5] for c in CHANNELS], dtype=float)
    weights /= weights.sum()
    rows = []
    for i in range(count):
        signup = START + timedelta(days=int(rng.integers(0, 700)))
        channel = channel_ids[int(rng.choice(len(channel_ids), p=weights))]
        private = channel in {"official_account", "community", "moments", "private_chat", "live"}
        in_private = int(private or rng.random() < 0.3)
        level = int(min(4, 1 + rng.poisson(0.9 + 0.5 * in_private)))
        rows.append(
            (
                f"U{i + 1:04d}",
                signup,
                DISTRICTS[int(rng.integers(0, 5))],
                channel,
                in_private,
                level,
            )
        )
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["users"].columns])


def make_orders(
    rng: np.random.Generator,
    traffic: pd.DataFrame,
    users: pd.DataFrame,
    products: pd.DataFrame,
    merchants: pd.DataFrame,
) -> pd.DataFrame:
    """One row per order counted in ``traffic`` from 2025 on; fills the traffic's GMV column."""
    lively = merchants.set_index("merchant_id")["brand_awareness"]
    popularity = products["merchant_id"].map(lively).to_numpy(dtype=float) + 1.0
    popularity /= popularity.sum()
    business = merchants.set_index("merchant_id")["location_type"].eq("business_district")
    redeem_rate = np.where(products["merchant_id"].map(business), 0.93, 0.82)
    prices = products["sale_price"].to_numpy()
    signup = users["signup_date"].to_numpy()
    # returning buyers: a fifth of the users buy most of the orders (复购)
    loyal = rng.random(len(users)) < 0.2
    rows, n = [], 0
    for index, row in traffic.iterrows():
        if row.date < ORDERS_FROM or row.orders == 0:
            continue
        eligible = np.flatnonzero(signup <= row.date)
        weights = np.where(loyal[eligible], 6.0, 1.0)
        weights /= weights.sum()
        gmv = 0.0
        for _ in range(row.orders):
            n += 1
            product = int(rng.choice(len(products), p=popularity))
            user = int(eligible[int(rng.choice(len(eligible), p=weights))])
            quantity = 1 + int(rng.random() < 0.18)
            unit_price = float(prices[product])
            amount = round(quantity * unit_price, 2)
            gmv += amount
            rows.append(
                (
                    f"O{n:05d}",
                    row.date,
                    users.at[user, "user_id"],
                    products.at[product, "product_id"],
                    row.channel_id,
                    quantity,
                    unit_price,
                    amount,
                    int(rng.random() < redeem_rate[product]),
                )
            )
        traffic.at[index, "gmv"] = round(gmv, 2)
    # 2024 has no order lines; its GMV follows the same mean order value
    mean_order = float(np.mean([r[7] for r in rows]))
    early = traffic["date"] < ORDERS_FROM
    traffic.loc[early, "gmv"] = (traffic.loc[early, "orders"] * mean_order).round(2)
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["orders"].columns])


def make_touchpoints(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for m in range(24):
        month = f"{2024 + m // 12}-{m % 12 + 1:02d}"
        growth = 1.0 + 0.02 * m
        for family, stages in TOUCHPOINT_FAMILIES.items():
            count = 0
            for step, (stage, value) in enumerate(stages, start=1):
                if step == 1:
                    count = int(rng.poisson(value * growth))
                else:
                    p = min(0.95, value * float(rng.uniform(0.85, 1.15)) * (1 + 0.004 * m))
                    count = int(rng.binomial(count, p))
                rows.append((month, family, step, stage, count))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["touchpoint_monthly"].columns])


def make_events(rng: np.random.Generator, traffic: pd.DataFrame) -> pd.DataFrame:
    events = _event_dates()
    daily_gmv = traffic.groupby("date")["gmv"].sum()
    rows = []
    for i, event in enumerate(events.itertuples(), start=1):
        days = pd.date_range(event.start_date, event.end_date).date
        actual = float(daily_gmv.loc[list(days)].sum())
        target = round(actual * float(rng.uniform(0.85, 1.2)), -2)  # some hit, some miss
        rows.append(
            (
                f"E{i:02d}",
                event.node,
                event.name_en,
                event.name_zh,
                event.start_date,
                event.end_date,
                target,
            )
        )
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["events"].columns])


def make_event_hourly(
    rng: np.random.Generator, events: pd.DataFrame, products: pd.DataFrame
) -> pd.DataFrame:
    event = events[(events["node"] == "double_11") & (events["start_date"] >= ORDERS_FROM)].iloc[0]
    chosen = rng.choice(len(products), size=20, replace=False)
    appeal = rng.uniform(0.02, 0.12, size=20)  # how clickable each product is
    convert = rng.uniform(0.01, 0.16, size=20)  # how well a click turns into an order
    convert[[3, 11]] = 0.0  # two products that never sell: candidates to swap out
    hour_shape = np.array(
        [
            0.5,
            0.3,
            0.15,
            0.1,
            0.08,
            0.1,
            0.2,
            0.45,
            0.7,
            0.85,
            0.95,
            1.0,
            1.1,
            0.95,
            0.85,
            0.8,
            0.85,
            0.95,
            1.1,
            1.3,
            1.5,
            1.6,
            1.35,
            0.9,
        ]
    )
    rows = []
    for hour in range(24):
        for slot, p in enumerate(chosen, start=1):
            exposure = 2600 * hour_shape[hour] * (1.35 - 0.045 * slot)
            views = int(rng.poisson(exposure))
            clicks = int(rng.binomial(views, appeal[slot - 1]))
            orders = int(rng.binomial(clicks, convert[slot - 1]))
            rows.append(
                (
                    event.event_id,
                    hour,
                    products.at[int(p), "product_id"],
                    slot,
                    views,
                    clicks,
                    orders,
                )
            )
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["event_hourly"].columns])


# the groups: (district, planned pushes a day, members on 1 January); each host has a habit
GROUPS = [
    ("east_lake", 1, 420),
    ("west_gate", 2, 380),
    ("south_bay", 3, 460),
    ("north_hill", 2, 300),
    ("central", 4, 500),
]
# what each kind of push does: (share read, share who reply, share who leave) at an easy pace
PUSH_KINDS = {
    "offer": (0.32, 0.010, 0.0045),
    "activity": (0.40, 0.045, 0.0015),
    "content": (0.27, 0.020, 0.0010),
}


# how a local-life day's visits fall over its hours: breakfast, lunch and dinner peaks, and
# browsing for tomorrow late in the evening
HOUR_SHAPE = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.4, 3.2, 3.0, 3.6, 5.6,
              6.2, 4.6, 3.4, 3.2, 3.8, 5.2, 6.4, 5.8, 5.0, 5.4, 4.2, 2.2]  # fmt: skip


def make_hourly_traffic(rng: np.random.Generator, traffic: pd.DataFrame) -> pd.DataFrame:
    """Each day of 2025's visits (all channels) split over its hours; pages per visit ~3."""
    shape = np.array(HOUR_SHAPE) / sum(HOUR_SHAPE)
    daily = traffic[traffic["date"] >= ORDERS_FROM].groupby("date", sort=True)["visits"].sum()
    rows = []
    for day, visits in daily.items():
        for hour, uv in enumerate(rng.multinomial(int(visits), shape)):
            rows.append((day, hour, int(uv), int(uv) + int(rng.poisson(2.1 * int(uv)))))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["hourly_traffic"].columns])


def make_lottery_weeks(rng: np.random.Generator, members: int) -> pd.DataFrame:
    """The weekly free-meal lottery of 2025: entrants grow as the habit spreads; entrants open
    the mall far more often than the others (partly because the keen ones enter)."""
    rows, monday = [], date(2024, 12, 30)
    for week in range(52):
        monday += timedelta(weeks=1)
        entered = int(members * (0.08 + 0.17 * week / 51) + rng.normal(0, 8))
        others = members - entered
        rows.append((monday, "entered", entered, int(rng.binomial(entered, 0.71))))
        rows.append((monday, "others", others, int(rng.binomial(others, 0.29))))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["lottery_weeks"].columns])


SCENES = {  # package → the scenes it may suit
    "Set for two": ["date_night", "friends"],
    "Set for four": ["family", "friends"],
    "100-yuan voucher": ["any"],
    "Single visit": ["solo"],
}


def make_offer_attributes(rng: np.random.Generator, products: pd.DataFrame) -> pd.DataFrame:
    """Each offer's scene and, for a set meal, whether its menu is balanced."""
    rows = []
    for product in products.itertuples():
        package = product.name_en.split(" · ")[-1]
        scenes = SCENES[package]
        scene = scenes[int(rng.integers(0, len(scenes)))]
        if product.package_type == "set_meal":
            structure = "balanced" if rng.random() < 0.7 else "one_sided"
        else:
            structure = "not_a_menu"
        rows.append((product.product_id, scene, structure))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["offer_attributes"].columns])


def make_product_daily(
    rng: np.random.Generator, traffic: pd.DataFrame, orders: pd.DataFrame, products: pd.DataFrame
) -> pd.DataFrame:
    """Visitors of each product page and its orders per day of 2025: every order had a visitor,
    and the day's other product-page views fall on products by their popularity."""
    sold = orders.groupby(["order_date", "product_id"]).size()
    weight = orders["product_id"].value_counts().reindex(products["product_id"], fill_value=0)
    share = (weight.to_numpy(dtype=float) + 5.0) / (weight.sum() + 5.0 * len(weight))
    views = traffic[traffic["date"] >= ORDERS_FROM].groupby("date", sort=True)["product_views"]
    rows = []
    for day, total in views.sum().items():
        ordered = [int(sold.get((day, pid), 0)) for pid in products["product_id"]]
        extra = rng.multinomial(max(int(total) - sum(ordered), 0), share)
        for pid, count, more in zip(products["product_id"], ordered, extra, strict=True):
            rows.append((day, pid, count + int(more), count))
    return pd.DataFrame(rows, columns=[c.name for c in DATASETS["product_daily"].columns])


def make_community(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups and their pushes in 2025. Local-life groups live on offers and activities; every
    push costs a few members, and more when the host pushes often (fatigue lowers reading too)."""
    names = {code: VALUES["district"][code] for code, _, _ in GROUPS}
    groups, pushes = [], []
    for number, (district, per_day, members) in enumerate(GROUPS, start=1):
        group_id = f"G{number}"
        en, zh = names[district]
        groups.append((group_id, f"{en} food lovers", f"{zh}吃货群", district, per_day, members))
        fatigue = 1 + 0.45 * (per_day - 1)  # leaving grows, reading falls with the pace
        day = date(2025, 1, 1)
        while day.year == 2025:
            joined = int(rng.poisson(2.2))
            for slot in range(per_day):
                kind = ("offer", "activity", "content")[
                    int(rng.choice(3, p=[0.5, 0.2, 0.3] if slot else [0.3, 0.3, 0.4]))
                ]
                read_share, reply_share, leave_share = PUSH_KINDS[kind]
                read = int(rng.binomial(members, min(read_share / fatigue**0.5, 1)))
                replies = int(rng.binomial(read, reply_share * 4))
                left = int(rng.binomial(members, leave_share * fatigue))
                pushes.append(
                    (day, group_id, kind, members, read, replies, left, joined if slot == 0 else 0)
                )
                members = members - left + (joined if slot == 0 else 0)
            day += timedelta(days=1)
    return (
        pd.DataFrame(groups, columns=[c.name for c in DATASETS["community_groups"].columns]),
        pd.DataFrame(pushes, columns=[c.name for c in DATASETS["community_pushes"].columns]),
    )


def generate() -> dict[str, pd.DataFrame]:
    """Build every data set from the fixed seed; the same call always gives the same data."""
    rng = np.random.default_rng(SEED)
    channels = make_channels()
    merchants = make_merchants(rng)
    products = make_products(rng, merchants)
    traffic = make_daily_traffic(rng)
    users = make_users(rng)
    orders = make_orders(rng, traffic, users, products, merchants)
    touchpoints = make_touchpoints(rng)
    events = make_events(rng, traffic)
    hourly = make_event_hourly(rng, events, products)
    # a generator of its own, so adding these left every earlier file as it was
    groups, pushes = make_community(np.random.default_rng(SEED + 5))
    hourly_traffic = make_hourly_traffic(np.random.default_rng(SEED + 7), traffic)
    attributes = make_offer_attributes(np.random.default_rng(SEED + 11), products)
    product_daily = make_product_daily(np.random.default_rng(SEED + 13), traffic, orders, products)
    lottery = make_lottery_weeks(
        np.random.default_rng(SEED + 9), int(users["in_private_domain"].sum())
    )
    return {
        "channels": channels,
        "merchants": merchants,
        "products": products,
        "users": users,
        "orders": orders,
        "daily_channel_traffic": traffic,
        "touchpoint_monthly": touchpoints,
        "events": events,
        "event_hourly": hourly,
        "hourly_traffic": hourly_traffic,
        "offer_attributes": attributes,
        "product_daily": product_daily,
        "lottery_weeks": lottery,
        "community_groups": groups,
        "community_pushes": pushes,
    }


def data_dictionary() -> str:
    """``datasets/README.md``: every data set and column, written from the schema."""
    lines = [
        "# Sample data · 样例数据",
        "",
        "All files describe one fictional local-life platform, 澜亭生活 (Lanting Life): its "
        "merchants, products, users, channels, touchpoints, orders, traffic and events. They are "
        "made by `opsbook_devtools.generator` from a fixed seed; do not edit them by hand — "
        "change the generator and run `make data`. A test checks the files match the generator.",
        "",
        'Load one with `from opsbook.datasets import load_dataset; load_dataset("orders")`.',
        "",
    ]
    for spec in DATASETS.values():
        lines += [f"## `{spec.file_name}`", "", spec.en, "", spec.zh, ""]
        lines += ["| column | type | meaning | 中文名 | unit |", "|---|---|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {c.en} | {c.zh} | {c.unit} |" for c in spec.columns]
        lines.append("")
    lines += [
        "## `sample_cohort/`",
        "",
        "Sixteen four-powers (四力) self-assessment worksheets: eight fictional teams, quarters "
        "2026-Q2 and 2026-Q3, in the worksheet file format (see `opsbook.four_powers.files`). "
        "Open them with the cohort dashboard, `notebooks/worksheets/cohort_dashboard.ipynb`.",
        "",
        "十六份四力自评表样例：八个虚构团队、2026年第二和第三季度各一份，格式与自评表文件相同。"
        "可在讲师看板 `notebooks/worksheets/cohort_dashboard.ipynb` 中打开。",
        "",
        "## `exports/`",
        "",
        "Two platform exports of a small fictional Taobao shop, January to June 2025, as the "
        "platforms write them: its order report (订单报表, GB18030, 2,000 orders) and its "
        "生意参谋 (Business Advisor) shop traffic by day (.xls with title rows). The my_data "
        "worksheet shows them until you import your own; `opsbook_devtools.export_samples` makes "
        "them.",
        "",
        "一家虚构淘宝小店 2025 年 1–6 月的两份平台导出报表，格式与平台一致：订单报表（GB18030，"
        "2,000 笔订单）和生意参谋按日店铺流量（带标题行的 .xls）。my_data 工作表在你导入自己的"
        "数据之前显示它们。",
        "",
    ]
    return "\n".join(lines)


def write_all(folder: Path = DATASETS_DIR) -> list[Path]:
    """Write every data set and the data dictionary into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in generate().items():
        path = folder / DATASETS[name].file_name
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.2f")
        written.append(path)
    readme = folder / "README.md"
    readme.write_text(data_dictionary(), encoding="utf-8")
    written.append(readme)
    written += write_cohort(folder / "sample_cohort")
    written += write_demo(folder / "exports")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate the course's sample data.")
    parser.add_argument("--out", type=Path, default=DATASETS_DIR, help="folder to write into")
    args = parser.parse_args()
    for path in write_all(args.out):
        print(f"wrote {path.relative_to(args.out)} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
