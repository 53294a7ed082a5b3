"""Charts drawn by the browser: the bars stand where the values say, text is escaped."""

import re

from opsbook.present.svg import hbars


def test_bars_start_at_zero_and_follow_their_values():
    chart = hbars(["up", "down", "flat"], [300.0, -100.0, 0.0], "What moved GMV", "Contribution")
    rects = [
        tuple(map(float, r))
        for r in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
    ]
    zero = float(re.search(r'<line x1="([\d.]+)"', chart).group(1))
    (up_x, up_w), (down_x, down_w), (_, flat_w) = rects
    assert up_x == zero and down_x + down_w == zero and flat_w == 0
    assert abs(up_w / down_w - 3) < 0.01  # lengths in proportion to the values
    assert 'fill="#10b981"' in chart and 'fill="#ef4444"' in chart  # green up, red down
    assert ">+300</text>" in chart and ">-100</text>" in chart


def test_text_is_escaped():
    chart = hbars(["<script>x</script>"], [1.0], 'A "title" & more')
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    assert 'aria-label="A &quot;title&quot; &amp; more"' in chart


def test_the_radar_puts_each_value_on_its_axis():
    from opsbook.present.svg import radar

    chart = radar(["A", "B", "C", "D"], {"Now": [5, 0, None, 2.5], "Target": [4, 4, 4, 4]}, "R")
    now = re.search(r'<polygon points="([^"]+)" fill="#2563eb"', chart).group(1)
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = (tuple(map(float, p.split(","))) for p in now.split())
    centre = (250.0, 285.0)
    assert (ax, ay) == (250.0, 285.0 - 170)  # A at the top, full radius for 5
    assert (bx, by) == centre and (cx, cy) == centre  # 0 and a missing value: the centre
    assert abs((dx - centre[0]) + 85) < 0.1 and abs(dy - centre[1]) < 0.1  # D to the left, half
    assert 'stroke-dasharray="6 4"' in chart and ">Target</text>" in chart  # the legend


def test_columns_and_the_running_line_share_one_scale():
    from opsbook.present.svg import PLOT, columns

    chart = columns(["1", "2"], [300.0, 100.0], "T", "Generation", "Users", running=[300.0, 400.0])
    bottom, top = PLOT[3], PLOT[1]
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', chart)]
    assert heights == [round((bottom - top) * 300 / 400, 1), round((bottom - top) * 100 / 400, 1)]
    dots = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', chart)]
    assert dots == [round(bottom - (bottom - top) * 300 / 400, 1), float(top)]


def test_columns_with_their_own_colours_a_mean_and_a_dashed_baseline():
    from opsbook.present.charts import PALETTE
    from opsbook.present.svg import GREY, PLOT, columns

    bottom, top = PLOT[3], PLOT[1]
    chart = columns(["a", "b", "c"], [100.0, 300.0, 200.0], "T", "Day", "GMV",
                    colors=[PALETTE[0], PALETTE[0], PALETTE[3]], reference=150.0)  # fmt: skip
    fills = re.findall(r'<rect [^>]*fill="([^"]+)"', chart)
    assert fills == [PALETTE[0], PALETTE[0], PALETTE[3]]  # the day itself stands out
    level = float(re.search(rf'<line [^>]*y1="([\d.]+)"[^>]*stroke="{GREY}"', chart).group(1))
    assert level == round(bottom - (bottom - top) * 150 / 300, 1)  # the mean, on the bars' scale
    hours = columns([str(h) for h in range(24)], [10.0] * 24, "T", "Hour", "UV",
                    running=[20.0] * 24, dashed=True, label_every=3)  # fmt: skip
    labels = re.findall(r'font-size="13">(\d+)</text>', hours)
    assert labels == [str(h) for h in range(0, 24, 3)]
    assert f'stroke="{GREY}" stroke-dasharray="6 4"' in hours and "<circle" not in hours


def test_the_histogram_marks_the_threshold_and_shades_the_band():
    from opsbook.present.svg import PLOT, histogram

    chart = histogram(
        [0.0, 100.0, 200.0], [5, 10], "T", "Spend", "Customers", (160.0, 200.0), 200.0
    )
    left, right = PLOT[0], PLOT[2]
    mark = float(re.search(r'<line x1="([\d.]+)" y1="44"', chart[chart.rindex("<line") :]).group(1))
    assert mark == right  # 200 is the right end of the bins
    band = re.search(r'<rect x="([\d.]+)" y="44" width="([\d.]+)"', chart)
    assert abs(float(band.group(1)) - (left + (right - left) * 0.8)) < 0.1
    assert ">0–100: 5</title>" in chart and ">100–200: 10</title>" in chart
