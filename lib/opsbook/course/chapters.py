"""The start page's map of the course, made from the course manifest (``playbook/course.yaml``):
each chapter with its number, its title linked to its notebook, its title in the other language
and what a learner can do after it."""

from IPython.display import HTML

from opsbook.content import course
from opsbook.core.i18n import language, other_language, pick
from opsbook.present.render import esc


def course_map() -> HTML:
    """The chapters as a table, in the notebook's language (links open the chapters)."""
    rows = []
    for chapter in course().chapters:
        with language(other_language()):
            other = str(chapter.title)
        rows.append(
            f"<tr><td>{chapter.number:02d}</td>"
            f'<td><a href="{esc(chapter.id)}.ipynb">{esc(str(chapter.title))}</a></td>'
            f"<td>{esc(other)}</td><td>{esc(str(chapter.outcome))}</td></tr>"
        )
    headers = [
        "#",
        pick("Chapter", "章节"),
        pick("章节", "英文"),
        pick("What you will be able to do", "学完你能做到"),
    ]
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
