"""The my_data page (``make app SHEET=my_data LANG=zh``, the edition our users read first) in a
real browser: a GBK Taobao export chosen with the page's button is imported and the page shows
its GMV, with the analyses of the imported orders; Chinese in a command (a code span) is drawn
with the bundled font; the export itself is not kept."""

import json

from conftest import fonts_drawing, start_app
from test_browser_fonts import drawn_with_the_bundled_font

from opsbook.core.paths import PROJECT_ROOT

EXPORT = PROJECT_ROOT / "tests" / "fixtures" / "exports" / "taobao_orders.csv"
EXPECTED = json.loads((EXPORT.parent / "expected.json").read_text("utf-8"))["taobao_orders.csv"]


def test_an_uploaded_gbk_export_shows_its_gmv(browser, tmp_path, artifacts):
    from playwright.sync_api import expect

    app = start_app(tmp_path / "home", language="zh", sheet="my_data")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.set_default_timeout(60_000)
        page.goto(app.url)
        expect(page.get_by_text("示例店铺（不保存）").first).to_be_attached()
        expect(page.locator("input[type=text]:visible")).to_have_count(0)  # no server paths
        with page.expect_file_chooser() as chooser:  # the button opens the system's dialog
            page.get_by_role("button", name="选择导出文件").click()
        chooser.value.set_files(str(EXPORT))
        found = page.locator("pre", has_text="识别为：淘宝 / 天猫 订单报表")
        expect(found).to_contain_text(f"GMV {EXPECTED['gmv']:,.2f} 元")
        expect(found).to_contain_text("（csv，gb18030）")
        expect(page.get_by_text("你的数据：淘宝").first).to_be_attached()
        expect(
            page.get_by_text("数据来自 taobao_orders.csv：2025-06-01 至 2025-06-30")
        ).to_be_visible()
        expect(page.locator(".widget-tab-contents th", has_text="2025-06").first).to_be_visible()
        expect(page.locator(".widget-tab-contents th", has_text="2025-01")).to_have_count(0)
        command = fonts_drawing(page, "opsbook import 文件")
        page.screenshot(path=str(artifacts / "my_data_imported_zh.png"), full_page=True)
        page.close()
    finally:
        app.stop()
    assert drawn_with_the_bundled_font(command), command
    stored = tmp_path / "home" / "my_data"
    assert (stored / "taobao" / "orders.parquet").is_file()
    assert list((stored / ".incoming").iterdir()) == []
