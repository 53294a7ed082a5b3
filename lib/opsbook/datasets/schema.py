"""The data dictionary: every sample data set, its columns, their meaning, unit and 中文名.

One source for the loader (column types), the generator (column order) and
``datasets/README.md`` (written from here by the generator).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str", "int", "float", "date", "datetime"
    en: str
    zh: str
    unit: str = ""


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    en: str
    zh: str
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _c(name: str, dtype: str, en: str, zh: str, unit: str = "") -> Column:
    return Column(name, dtype, en, zh, unit)


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in [
        DatasetSpec(
            "channels",
            "Traffic channels of the platform, public domain (公域) and private domain (私域).",
            "平台的流量渠道，分公域和私域。",
            (
                _c("channel_id", "str", "Channel key", "渠道编号"),
                _c("name_en", "str", "Channel name in English", "渠道英文名"),
                _c("name_zh", "str", "Channel name in Chinese", "渠道中文名"),
                _c("domain", "str", "public or private traffic", "公域 / 私域", "public|private"),
                _c(
                    "cost_per_visit",
                    "float",
                    "Average cost of one visit",
                    "单次访问成本",
                    "yuan 元",
                ),
            ),
        ),
        DatasetSpec(
            "merchants",
            "Merchants signed by the business center (BD).",
            "商务中心签约的商户。",
            (
                _c("merchant_id", "str", "Merchant key", "商户编号"),
                _c("name_en", "str", "Merchant name in English", "商户英文名"),
                _c("name_zh", "str", "Merchant name in Chinese", "商户中文名"),
                _c("category", "str", "Business category", "品类"),
                _c("district", "str", "City district", "所在区域"),
                _c(
                    "location_type",
                    "str",
                    "Business district or street store",
                    "商圈店 / 街边店",
                    "business_district|street",
                ),
                _c("stores", "int", "Number of stores", "门店数", "stores 家"),
                _c(
                    "brand_awareness",
                    "int",
                    "Brand awareness, 1 (unknown) to 5 (famous)",
                    "品牌知名度",
                    "1–5",
                ),
                _c("signed_on", "date", "Date the merchant signed", "签约日期"),
            ),
        ),
        DatasetSpec(
            "products",
            "Packages and vouchers the merchants sell on the platform.",
            "商户在平台上售卖的套餐和代金券。",
            (
                _c("product_id", "str", "Product key", "商品编号"),
                _c("merchant_id", "str", "Merchant that provides it", "所属商户"),
                _c("name_en", "str", "Product name in English", "商品英文名"),
                _c("name_zh", "str", "Product name in Chinese", "商品中文名"),
                _c(
                    "package_type",
                    "str",
                    "Set meal, voucher or service",
                    "套餐 / 代金券 / 服务",
                    "set_meal|voucher|service",
                ),
                _c("list_price", "float", "Price before discount", "原价", "yuan 元"),
                _c("sale_price", "float", "Selling price on the platform", "售价", "yuan 元"),
                _c(
                    "settlement_price",
                    "float",
                    "Price paid to the merchant per unit",
                    "结算价",
                    "yuan 元",
                ),
                _c("stock", "int", "Units available", "库存", "units 件"),
            ),
        ),
        DatasetSpec(
            "users",
            "Registered users of the mini program.",
            "小程序注册用户。",
            (
                _c("user_id", "str", "User key", "用户编号"),
                _c("signup_date", "date", "Registration date", "注册日期"),
                _c("district", "str", "Home district", "常住区域"),
                _c("acquisition_channel", "str", "Channel that brought the user", "拉新渠道"),
                _c(
                    "in_private_domain",
                    "int",
                    "1 if the user joined a community, the IP account "
                    "or follows the official account",
                    "是否进入私域",
                    "0|1",
                ),
                _c(
                    "member_level", "int", "Membership level, 1 (new) to 4 (top)", "会员等级", "1–4"
                ),
            ),
        ),
        DatasetSpec(
            "orders",
            "Order lines of 2025, one row per order.",
            "2025年订单明细，每行一笔订单。",
            (
                _c("order_id", "str", "Order key", "订单编号"),
                _c("order_date", "date", "Day the order was paid", "支付日期"),
                _c("user_id", "str", "Buyer", "买家"),
                _c("product_id", "str", "Product bought", "购买商品"),
                _c("channel_id", "str", "Channel of the visit that led to the order", "来源渠道"),
                _c("quantity", "int", "Units bought", "购买数量", "units 件"),
                _c("unit_price", "float", "Price paid per unit", "成交单价", "yuan 元"),
                _c("amount", "float", "quantity × unit_price", "订单金额", "yuan 元"),
                _c(
                    "redeemed",
                    "int",
                    "1 if the voucher was used in store (write-off)",
                    "是否核销",
                    "0|1",
                ),
            ),
        ),
        DatasetSpec(
            "daily_channel_traffic",
            "The daily funnel per channel, 2024–2025: visits → product views → cart adds → orders.",
            "2024–2025年每个渠道每天的漏斗：访问 → 商品浏览 → 加购 → 下单。",
            (
                _c("date", "date", "Day", "日期"),
                _c("channel_id", "str", "Channel", "渠道"),
                _c("visits", "int", "Unique visitors (UV)", "访客数", "visitors 人"),
                _c(
                    "product_views",
                    "int",
                    "Visitors who opened a product page",
                    "商品浏览人数",
                    "visitors 人",
                ),
                _c("cart_adds", "int", "Visitors who added to cart", "加购人数", "visitors 人"),
                _c("orders", "int", "Orders paid", "支付订单数", "orders 单"),
                _c(
                    "gmv",
                    "float",
                    "Gross merchandise value of those orders",
                    "成交额 GMV",
                    "yuan 元",
                ),
            ),
        ),
        DatasetSpec(
            "touchpoint_monthly",
            "Monthly counts behind the private-domain rate families (导购三率, 公众号三率, "
            "直播四率 …), in long form: one row per family, step and month.",
            "私域各类比率（导购三率、公众号三率、直播四率等）背后的月度计数，长表：每行一个"
            "类别、步骤和月份。",
            (
                _c("month", "str", "Month", "月份", "YYYY-MM"),
                _c("family", "str", "Touchpoint family", "触点类别"),
                _c("step", "int", "Position of the step in the family's chain", "步骤序号"),
                _c("stage", "str", "What is counted at this step", "计数口径"),
                _c("count", "int", "Count for the month", "当月计数"),
            ),
        ),
        DatasetSpec(
            "events",
            "Promotional events of 2024 and 2025, with their GMV targets.",
            "2024和2025年的营销活动及其GMV目标。",
            (
                _c("event_id", "str", "Event key", "活动编号"),
                _c("node", "str", "Calendar node", "营销节点"),
                _c("name_en", "str", "Event name in English", "活动英文名"),
                _c("name_zh", "str", "Event name in Chinese", "活动中文名"),
                _c("start_date", "date", "First day", "开始日期"),
                _c("end_date", "date", "Last day", "结束日期"),
                _c("gmv_target", "float", "GMV target for the whole event", "GMV目标", "yuan 元"),
            ),
        ),
        DatasetSpec(
            "hourly_traffic",
            "Visitors and page views of the mini program by hour, 2025 (the day's visits split "
            "over its hours).",
            "2025年小程序按小时的访客数和浏览量（当天访问量按小时拆分）。",
            (
                _c("date", "date", "Day", "日期"),
                _c("hour", "int", "Hour of the day", "小时", "0–23"),
                _c("uv", "int", "Visitors (unique visits) in the hour", "访客数（UV）"),
                _c("pv", "int", "Pages viewed in the hour", "浏览量（PV）"),
            ),
        ),
        DatasetSpec(
            "offer_attributes",
            "What operations checks in an offer besides its price: the consumption scene it "
            "suits and, for a set meal, whether its menu is balanced (meat and vegetables).",
            "价格之外运营要检查的方案属性：适合的消费场景，以及套餐的菜品结构是否均衡（荤素搭配）。",
            (
                _c("product_id", "str", "Product", "商品"),
                _c("scene", "str", "Consumption scene it suits", "消费场景"),
                _c("structure", "str", "Menu structure of a set meal", "套餐结构"),
            ),
        ),
        DatasetSpec(
            "product_daily",
            "Visitors of each product's page and its orders, by day of 2025.",
            "2025年每天各商品详情页的访客数和订单数。",
            (
                _c("date", "date", "Day", "日期"),
                _c("product_id", "str", "Product", "商品"),
                _c("uv", "int", "Visitors of the product's page", "商品访客数"),
                _c("orders", "int", "Orders of the product", "商品订单数", "orders 单"),
            ),
        ),
        DatasetSpec(
            "lottery_weeks",
            "The weekly free-meal lottery of 2025: private-domain members who entered and who "
            "did not, and how many of each opened the mall that week.",
            "2025年每周免费吃抽奖：参加和未参加的私域会员，以及各自当周打开商城的人数。",
            (
                _c("week", "date", "Monday of the week", "周一日期"),
                _c("group", "str", "Entered the lottery or not", "是否参加", "entered|others"),
                _c("members", "int", "Private-domain members in the group", "会员数"),
                _c("active", "int", "Members who opened the mall that week", "当周活跃人数"),
            ),
        ),
        DatasetSpec(
            "community_groups",
            "The platform's customer groups (社群) on WeChat, each run by a host.",
            "平台在微信上的顾客社群，每个群有一位群主。",
            (
                _c("group_id", "str", "Group key", "社群编号"),
                _c("name_en", "str", "Group name in English", "社群英文名"),
                _c("name_zh", "str", "Group name in Chinese", "社群中文名"),
                _c("district", "str", "District the group serves", "所在区域"),
                _c("pushes_per_day", "int", "Pushes the host planned a day", "计划日推送数"),
                _c("members_at_start", "int", "Members on 1 January 2025", "年初成员数"),
            ),
        ),
        DatasetSpec(
            "community_pushes",
            "Every push to a group in 2025: what it was and how members answered.",
            "2025年每条社群推送的内容类型和成员反应。",
            (
                _c("date", "date", "Day of the push", "推送日期"),
                _c("group_id", "str", "Group", "社群"),
                _c(
                    "kind",
                    "str",
                    "Offer, activity or content",
                    "推送类型",
                    "offer|activity|content",
                ),
                _c("members", "int", "Members when it was pushed", "推送时成员数"),
                _c("read", "int", "Members who opened it", "阅读人数"),
                _c("replies", "int", "Members who replied in the group", "发言人数"),
                _c("left", "int", "Members who left within a day", "一天内退群人数"),
                _c("joined", "int", "Members who joined since the push before", "新入群人数"),
            ),
        ),
        DatasetSpec(
            "event_hourly",
            "Hour-by-hour product data on the event page during Double 11, 2025.",
            "2025年双11活动页按小时的商品数据。",
            (
                _c("event_id", "str", "Event", "活动"),
                _c("hour", "int", "Hour of the day", "小时", "0–23"),
                _c("product_id", "str", "Product", "商品"),
                _c("slot", "int", "Position on the event page (1 = top)", "页面坑位", "1–20"),
                _c("page_views", "int", "Times the product was shown on the page", "曝光次数"),
                _c("detail_clicks", "int", "Clicks into the product's detail page", "详情页点击"),
                _c("orders", "int", "Orders paid", "支付订单数", "orders 单"),
            ),
        ),
    ]
}


# What the coded values of some columns mean, in both languages (tables show the names, never
# the codes). A test checks every code in the sample data has a name here.
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "category": {
        "bakery": ("Bakery", "烘焙"),
        "bbq": ("Barbecue", "烧烤"),
        "cinema": ("Cinema", "影院"),
        "coffee_tea": ("Coffee & tea", "咖啡茶饮"),
        "fitness": ("Fitness", "健身"),
        "hotpot": ("Hotpot", "火锅"),
        "kids_play": ("Kids' play", "亲子乐园"),
        "spa": ("Spa & massage", "SPA 按摩"),
    },
    "district": {
        "central": ("Central", "中心区"),
        "east_lake": ("East Lake", "东湖区"),
        "north_hill": ("North Hill", "北山区"),
        "south_bay": ("South Bay", "南湾区"),
        "west_gate": ("West Gate", "西门区"),
    },
    "location_type": {
        "business_district": ("Business district", "商圈店"),
        "street": ("Street store", "街边店"),
    },
    "package_type": {"set_meal": ("Set meal", "套餐"), "voucher": ("Voucher", "代金券")},
    "domain": {"public": ("Public domain", "公域"), "private": ("Private domain", "私域")},
    "scene": {
        "date_night": ("Date night", "约会"),
        "friends": ("Friends' gathering", "朋友聚会"),
        "family": ("Family meal", "家庭聚餐"),
        "solo": ("On your own", "一人食"),
        "any": ("Any occasion", "不限场景"),
    },
    "structure": {
        "balanced": ("Balanced menu", "荤素均衡"),
        "one_sided": ("One-sided menu", "结构单一"),
        "not_a_menu": ("Not a menu (voucher or service)", "非套餐（代金券或服务）"),
    },
    "group": {
        "entered": ("Entered the lottery", "参加抽奖"),
        "others": ("Did not enter", "未参加"),
    },
    "kind": {
        "offer": ("Offer", "优惠"),
        "activity": ("Activity", "活动"),
        "content": ("Content", "内容"),
    },
}
