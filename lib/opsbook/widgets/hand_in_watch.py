"""The trainer's live view of the drop folder: who has handed in (and when), who has not yet
(from ``roster.txt``), and the files that do not count (a link, a damaged file, a hand-in
named for somebody else), refreshed every few seconds while the notebook is open."""

import os
import threading

import ipywidgets as widgets

from opsbook import handin
from opsbook.core import settings
from opsbook.core.i18n import pick
from opsbook.present.render import esc
from opsbook.widgets.base import Tool


def _where() -> str:
    if os.environ.get(settings.DROP):
        return os.environ[settings.DROP]
    return pick("hand_in/ in your work folder", "工作文件夹里的 hand_in/")


class HandInWatch(Tool):
    """``HandInWatch("four_powers", every=10)``: the hand-ins of one kind, looked at again every
    ``every`` seconds (``None``: only when Refresh is clicked)."""

    def __init__(self, kind: str = "four_powers", every: float | None = 10):
        self.kind = kind
        self.view = widgets.HTML()
        self.refresh_button = widgets.Button(description=pick("Refresh", "刷新"), icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.widget = widgets.VBox([self.refresh_button, self.view])
        self._stop = threading.Event()
        self.refresh()
        if every:
            threading.Thread(target=self._watch, args=(every,), daemon=True).start()

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            self.refresh()

    def stop(self) -> None:
        self._stop.set()

    def refresh(self) -> None:
        found = handin.scan(self.kind)
        self.received, self.missing, self.problems = found.received, found.missing, found.problems
        self.view.value = self.static_html()

    def static_html(self) -> str:
        if not self.received:
            head = pick(f"No hand-ins yet in {_where()}.", f"{_where()} 里还没有提交。")
        else:
            head = pick(
                f"{len(self.received)} handed in ({_where()}):",
                f"已提交 {len(self.received)} 份（{_where()}）：",
            )
        rows = "".join(
            f"<tr><td>{esc(r.learner)}</td><td>{esc(r.when())}</td></tr>" for r in self.received
        )
        table = (
            f"<table><tr><th>{esc(pick('Learner', '学员'))}</th>"
            f"<th>{esc(pick('Sent', '提交时间'))}</th></tr>{rows}</table>"
            if rows
            else ""
        )
        waiting = (
            f"<p><b>{esc(pick('Not handed in yet', '尚未提交'))}:</b> "
            f"{esc(', '.join(self.missing))}</p>"
            if self.missing
            else ""
        )
        odd = "".join(f"<li>{esc(problem)}</li>" for problem in self.problems)
        not_counted = (
            f"<p><b>{esc(pick('Not counted', '未计入'))}:</b></p><ul>{odd}</ul>" if odd else ""
        )
        return f"<p>{esc(head)}</p>{table}{waiting}{not_counted}"

    def summary(self) -> str:
        return pick(
            f"{len(self.received)} handed in, {len(self.missing)} on the roster not yet",
            f"已提交 {len(self.received)} 份，名单上还有 {len(self.missing)} 人未提交",
        )
