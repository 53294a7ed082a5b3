"""The glossary page (``notebooks/worksheets/glossary``): every metric of the metric dictionary
(``playbook/metrics.yaml``) with its formula as the course computes it and each platform's own
definition, where its back office shows it, the source and the month it was written down."""

from IPython.display import HTML

from opsbook.content import load_playbook
from opsbook.core.i18n import pick
from opsbook.present.render import esc

UNITS = {
    "yuan": ("yuan", "元"),
    "people": ("people", "人"),
    "views": ("views", "次"),
    "orders": ("orders", "单"),
    "percent": ("%", "%"),
    "ratio": ("ratio", "比值"),
}


def glossary() -> HTML:
    """The metrics as one table per metric group, in the notebook's language."""
    dictionary = load_playbook("metrics")
    rows = []
    for metric in dictionary.metrics:
        platforms = (
            "".join(
                f"<li><b>{esc(str(dictionary.platforms[d.platform]))}</b>"
                f"{esc(pick(': ', '：'))}{esc(d.name)} = {esc(str(d.definition))}"
                f"<br><small>{esc(str(d.where))} · {esc(d.source)} · "
                f"{esc(pick('as of', '截至'))} {esc(d.as_of)}</small></li>"
                for d in metric.platforms
            )
            or f"<li>{esc(pick('The course’s own measure.', '本课程自己的指标。'))}</li>"
        )
        rows.append(
            f"<tr><td><b>{esc(str(metric.name))}</b><br><small>"
            f"{esc(pick(*UNITS[metric.unit]))}</small></td>"
            f"<td>{esc(str(metric.formula))}</td><td><ul>{platforms}</ul></td></tr>"
        )
    head = "".join(
        f"<th>{esc(h)}</th>"
        for h in (
            pick("Metric", "指标"),
            pick("As the course computes it", "本课程的算法"),
            pick("As the platforms define it", "平台的口径"),
        )
    )
    note = pick(
        f"Definitions written down {dictionary.as_of}. Platforms change them: check against "
        "your own back office.",
        f"口径记录于 {dictionary.as_of}。平台会调整口径，请以自己后台为准。",
    )
    return HTML(
        f"<p>{esc(note)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
