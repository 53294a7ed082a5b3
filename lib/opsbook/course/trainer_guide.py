"""The trainer guide of a chapter as a page (``make guide``): the run-of-show of a 45- and a
90-minute session with minute marks, what to say at each group of slides, discussion questions,
the activity, misconceptions, and the answer key with the reasoning for every exercise.

The guide's text is data (``playbook/trainer_guide/<chapter>.yaml``); the answer key is read
from the chapter's exercises (``playbook/exercises/<chapter>.yaml``), the same ones learners
check their answers against. Learners' notebooks show hints and solutions only on demand.
"""

from opsbook.content import load_playbook
from opsbook.content.exercises import (
    LETTERS,
    ChoiceExercise,
    MatchExercise,
    MultiExercise,
    NumberExercise,
)
from opsbook.core.i18n import get_language, label, pick
from opsbook.present.render import bullets, esc, html_page, html_table


def minute_marks(parts) -> list[str]:
    """``0–5``, ``5–17`` …: where each part starts and ends in the session."""
    marks, start = [], 0
    for part in parts:
        marks.append(f"{start}–{start + part.minutes}")
        start += part.minutes
    return marks


def _run_of_show(parts) -> str:
    headers = [pick("Minutes", "分钟"), pick("Slides", "幻灯片"), pick("What happens", "内容")]
    rows = [
        [mark, str(part.slides) if part.slides else "—", str(part.what)]
        for mark, part in zip(minute_marks(parts), parts, strict=True)
    ]
    return html_table(headers, rows)


def answer_text(exercise) -> str:
    """The right answer of an exercise as a trainer reads it out."""
    if isinstance(exercise, ChoiceExercise):
        return "; ".join(_options(exercise, {exercise.answer}))
    if isinstance(exercise, MultiExercise):
        return "; ".join(_options(exercise, set(exercise.answer)))
    if isinstance(exercise, NumberExercise):
        unit = f" {exercise.unit}" if exercise.unit else ""
        within = f" (± {exercise.tolerance:g})" if exercise.tolerance else ""
        return f"{exercise.answer:,.10g}{unit}{within}"
    if isinstance(exercise, MatchExercise):
        items = {i.key: i.text for i in exercise.items}
        categories = {c.key: c.text for c in exercise.categories}
        return "; ".join(f"{items[i]} → {categories[c]}" for i, c in exercise.answer.items())
    raise TypeError(f"unknown exercise kind: {type(exercise).__name__}")


def _options(exercise, keys: set[str]) -> list[str]:
    """The options of ``keys`` as the learners see them: by letter and name ("B · 转化率")."""
    return [f"{LETTERS[i]} · {o.text}" for i, o in enumerate(exercise.options) if o.key in keys]


def _answer_key(chapter: str) -> str:
    blocks = []
    for exercise in load_playbook(f"exercises/{chapter}").exercises:
        options = getattr(exercise, "options", [])
        letters = {o.key: LETTERS[i] for i, o in enumerate(options)}
        wrong = [f"{letters[o.key]} · {o.text}: {o.why_not}" for o in options if o.why_not]
        blocks.append(
            f"<h3>{esc(exercise.title)}</h3><p>{esc(exercise.prompt)}</p>"
            f"<p><strong>{esc(pick('Answer', '答案'))}:</strong> {esc(answer_text(exercise))}</p>"
            f"<p><strong>{esc(label('why'))}:</strong> {esc(exercise.solution)}</p>"
            + (f"<p>{esc(pick('Other options', '其他选项'))}:</p>{bullets(wrong)}" if wrong else "")
        )
    return "".join(blocks)


def _part(title: str, body_html: str) -> str:
    return f"<h2>{esc(title)}</h2>{body_html}"


def guide_page(chapter: str, title: str) -> str:
    """The guide of ``chapter`` (titled ``title``) as a self-contained HTML page, in the current
    language."""
    guide = load_playbook(f"trainer_guide/{chapter}")
    activity = guide.activity
    body = [
        f"<h1>{esc(pick('Trainer guide', '培训师手册'))} · {esc(title)}</h1>",
        _part(pick("Run-of-show: 45 minutes", "课程流程：45 分钟"), _run_of_show(guide.session_45)),
        _part(pick("Run-of-show: 90 minutes", "课程流程：90 分钟"), _run_of_show(guide.session_90)),
        _part(
            pick("What to say", "讲解要点"),
            "".join(
                f"<h3>{esc(group.slides)}</h3>{bullets(group.points)}"
                for group in guide.talking_points
            ),
        ),
        _part(pick("Discussion questions", "讨论问题"), bullets(guide.discussion)),
        _part(
            pick("Activity: apply it to your own company", "课堂活动：用在自己公司"),
            f"<h3>{esc(activity.title)}</h3>"
            f"<p><strong>{esc(pick('Tool', '工具'))}:</strong> {esc(activity.tool)}</p>"
            f"<ol>{''.join(f'<li>{esc(step)}</li>' for step in activity.steps)}</ol>"
            f"<p><strong>{esc(pick('Debrief', '总结'))}:</strong> {esc(activity.debrief)}</p>",
        ),
        _part(
            pick("Common misconceptions", "常见误区"),
            html_table(
                [pick("What people say", "常见说法"), pick("What is true", "正确理解")],
                [[str(m.wrong), str(m.right)] for m in guide.misconceptions],
            ),
        ),
        _part(
            pick("Answer key (for the trainer only)", "答案（仅供培训师）"), _answer_key(chapter)
        ),
    ]
    return html_page(
        f"{pick('Trainer guide', '培训师手册')} · {title}", "".join(body), get_language()
    )
