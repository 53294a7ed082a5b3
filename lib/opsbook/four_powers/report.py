"""The four-powers report a manager reads: HTML (self-contained, chart embedded) and Markdown.

Every piece of user text (team name, period, evidence notes) is escaped in both formats, so a
name such as ``<script>`` or ``**Team**`` shows as typed and never runs or restyles the page.
"""

import html

from opsbook.content.four_powers import FourPowers
from opsbook.core.i18n import label, pick
from opsbook.four_powers.assessment import (
    Answer,
    Assessment,
    compare,
    dimension_scores,
    gaps,
    score,
)
from opsbook.four_powers.charts import radar
from opsbook.present import svg
from opsbook.present.render import data_uri, html_page, html_table, markdown_table, md_escape


def fmt_score(value: float | None, digits: int = 1) -> str:
    """A score for people: one decimal, "–" when there is none yet."""
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def _radar_series(rubric: FourPowers, assessment: Assessment, previous: Assessment | None):
    scores = score(rubric, assessment)
    labels = [str(p.name) for p in rubric.powers]
    series = {
        pick("Now", "现状"): scores.powers["score"].tolist(),
        label("target"): scores.powers["target"].tolist(),
    }
    if previous is not None:
        series[previous.period or pick("Previous", "上次")] = (
            score(rubric, previous).powers["score"].tolist()
        )
    return labels, series, pick("Four powers: now vs target", "四力：现状与目标")


def radar_chart(rubric: FourPowers, assessment: Assessment, previous: Assessment | None = None):
    """Radar of current vs target (and the previous assessment, when given)."""
    return radar(*_radar_series(rubric, assessment, previous))


def radar_svg(rubric: FourPowers, assessment: Assessment, previous: Assessment | None = None):
    """The same radar drawn by the browser (the worksheet redraws it on every answer)."""
    return svg.radar(*_radar_series(rubric, assessment, previous))


def _summary_rows(rubric: FourPowers, assessment: Assessment) -> list[list[str]]:
    scores = score(rubric, assessment)
    rows = [
        [
            row["name"],
            fmt_score(row["score"]),
            fmt_score(row["target"]),
            f"{row['answered']}/{row['applicable']}",
        ]
        for _, row in scores.powers.iterrows()
    ]
    rows.append(
        [
            label("overall"),
            fmt_score(scores.overall),
            "",
            f"{scores.answered}/{scores.applicable}",
        ]
    )
    return rows


def _state(rubric: FourPowers, answer: Answer) -> str:
    if answer.not_applicable:
        return pick("not applicable", "不适用")
    if answer.level is None:
        return pick("not answered", "未作答")
    return f"{answer.level}{_bracketed(str(rubric.level_name(answer.level)))}"


def _colon() -> str:
    return pick(": ", "：")


def _bracketed(text: str) -> str:
    """ " (text)" in English, "（text）" in Chinese."""
    return pick(f" ({text})", f"（{text}）")


def _percent(value: float) -> str:
    return pick(f"{value:.0f} %", f"{value:.0f}%")


def _no_gaps() -> str:
    return pick("No gaps to targets among the answered items.", "已答项目均已达到目标。")


def _headers() -> list[str]:
    return [
        label("power"),
        label("score"),
        label("target"),
        label("answered"),
    ]


def _dimension_rows(rubric: FourPowers, assessment: Assessment):
    """Headers and rows of the weighted score of every dimension (sub-dimension of a power)."""
    names = {p.key: str(p.name) for p in rubric.powers}
    table = dimension_scores(rubric, assessment)
    headers = [label("power"), pick("Dimension", "维度"), label("score")]
    rows = [
        [names[row["power"]], row["name"], fmt_score(row["score"])] for _, row in table.iterrows()
    ]
    return headers, rows


def _comparison(rubric: FourPowers, previous: Assessment, assessment: Assessment):
    """Headers and rows of the power-by-power change since the previous assessment."""
    table = compare(rubric, previous, assessment)
    headers = [
        label("power"),
        pick("Before", "之前"),
        pick("Now", "现在"),
        pick("Change", "变化"),
    ]
    rows = [
        [
            row["name"],
            fmt_score(row["before"]),
            fmt_score(row["after"]),
            "–" if row["change"] != row["change"] else f"{row['change']:+.1f}",
        ]
        for _, row in table.iterrows()
    ]
    return headers, rows


def _title(assessment: Assessment) -> str:
    return pick("Four-powers self-assessment", "四力自评报告")


def report_markdown(
    rubric: FourPowers, assessment: Assessment, previous: Assessment | None = None, top: int = 5
) -> str:
    """The report as Markdown (user text escaped)."""
    scores = score(rubric, assessment)
    lines = [
        f"# {_title(assessment)}{pick(': ', '：')}{md_escape(assessment.team or '–')}",
        "",
        f"**{label('period')}**{_colon()}{md_escape(assessment.period or '–')} · "
        f"**{pick('Overall score', '总分')}**{_colon()}{fmt_score(scores.overall)} / 5 · "
        f"**{pick('Complete', '完成度')}**{_colon()}{_percent(scores.completeness)}",
        "",
        *markdown_table(_headers(), _summary_rows(rubric, assessment)),
        "",
        f"## {pick('By dimension', '分维度得分')}",
        "",
        *markdown_table(*_dimension_rows(rubric, assessment)),
        "",
    ]
    if previous is not None:
        lines += [
            f"## {pick('Change since', '对比')} {md_escape(previous.period or '–')}",
            "",
            *markdown_table(*_comparison(rubric, previous, assessment)),
            "",
        ]
    found = gaps(rubric, assessment, top)
    lines += [f"## {pick('Top priorities', '优先改进项')}", ""]
    if not found:
        lines.append(_no_gaps())
    for rank, gap in enumerate(found, 1):
        lines.append(
            f"{rank}. **{md_escape(gap.item.question)}**"
            + _bracketed(
                f"{md_escape(gap.power)}{pick('; ', '；')}"
                f"{pick('now', '现状')} {gap.level} → {pick('target', '目标')} {gap.target}"
                f"{pick('; ', '；')}{pick('priority', '优先级')} {gap.priority:g}"
            )
            + f"  \n   {pick('Next action', '下一步')}{_colon()}{md_escape(gap.action)}"
        )
    lines += ["", f"## {pick('Answers and evidence', '各项回答与依据')}", ""]
    for power in rubric.powers:
        lines.append(f"### {md_escape(power.name)}")
        for item in power.items:
            answer = assessment.answer(item.key)
            state = _state(rubric, answer)
            note = f" — {md_escape(answer.evidence)}" if answer.evidence.strip() else ""
            lines.append(f"- {md_escape(item.question)}{_colon()}**{md_escape(state)}**{note}")
        lines.append("")
    return "\n".join(lines)


def report_html(
    rubric: FourPowers, assessment: Assessment, previous: Assessment | None = None, top: int = 5
) -> str:
    """The report as one self-contained HTML page (chart embedded, user text escaped)."""
    esc = html.escape
    scores = score(rubric, assessment)
    image = data_uri(radar_chart(rubric, assessment, previous)._repr_png_(), "image/png")
    parts = [
        f"<h1>{esc(_title(assessment))}{pick(': ', '：')}{esc(assessment.team or '–')}</h1>",
        f'<p class="meta">{esc(label("period"))}{_colon()}{esc(assessment.period or "–")} · '
        f"{esc(pick('Overall score', '总分'))}{_colon()}<strong>{fmt_score(scores.overall)}"
        f"</strong> / 5 · {esc(pick('Complete', '完成度'))}{_colon()}"
        f"{_percent(scores.completeness)}</p>",
        html_table(_headers(), _summary_rows(rubric, assessment)),
        f"<h2>{esc(pick('By dimension', '分维度得分'))}</h2>",
        html_table(*_dimension_rows(rubric, assessment)),
        f'<img alt="{esc(pick("Radar chart of the four powers", "四力雷达图"))}" src="{image}">',
    ]
    if previous is not None:
        parts += [
            f"<h2>{esc(pick('Change since', '对比'))} {esc(previous.period or '–')}</h2>",
            html_table(*_comparison(rubric, previous, assessment)),
        ]
    found = gaps(rubric, assessment, top)
    items = "".join(
        f"<li><strong>{esc(str(g.item.question))}</strong>"
        + esc(
            _bracketed(
                f"{g.power}{pick('; ', '；')}{g.level} → {g.target}{pick('; ', '；')}"
                f"{pick('priority', '优先级')} {g.priority:g}"
            )
        )
        + f"<br>{esc(pick('Next action', '下一步'))}{_colon()}{esc(g.action)}</li>"
        for g in found
    )
    parts += [
        f"<h2>{esc(pick('Top priorities', '优先改进项'))}</h2>",
        f"<ol>{items}</ol>" if items else f"<p>{esc(_no_gaps())}</p>",
        f"<h2>{esc(pick('Answers and evidence', '各项回答与依据'))}</h2>",
    ]
    for power in rubric.powers:
        rows = []
        for item in power.items:
            answer = assessment.answer(item.key)
            state = _state(rubric, answer)
            note = (
                f'<div class="evidence">{esc(answer.evidence)}</div>'
                if answer.evidence.strip()
                else ""
            )
            rows.append(
                f"<li>{esc(str(item.question))}{_colon()}<strong>{esc(state)}</strong>{note}</li>"
            )
        parts.append(f"<h3>{esc(str(power.name))}</h3><ul>{''.join(rows)}</ul>")
    title = f"{_title(assessment)}{pick(': ', '：')}{assessment.team or '–'}"
    return html_page(title, "".join(parts), pick("en", "zh"))
