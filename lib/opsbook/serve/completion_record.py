"""``opsbook completion-record FOLDER``: the completion records (结业记录) as HTML pages and, with
the Chromium on this machine, PDFs, for every learner who handed in a progress record with every
exercise done (the trainer's view), or with ``--mine`` for oneself from one's own record."""

from pathlib import Path

from opsbook import handin
from opsbook.core import settings
from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick
from opsbook.core.store import atomic_write_text
from opsbook.course import gradebook, progress
from opsbook.course.completion import Completion
from opsbook.serve.browser import CHROMIUM_FLAGS, find_chromium


def cohort() -> tuple[list[Completion], list[str]]:
    """A record per learner who handed in progress, with when their worksheet and plan were
    handed in; and the files that did not count."""
    learners, problems = gradebook.records()
    sent = {
        kind: {r.learner: r.when() for r in handin.received(kind)}
        for kind in (settings.HAND_IN_WORKSHEETS, settings.HAND_IN_PLANS)
    }
    return [
        Completion(
            name,
            record,
            sent[settings.HAND_IN_WORKSHEETS].get(name),
            sent[settings.HAND_IN_PLANS].get(name),
        )
        for name, record in sorted(learners.items())
    ], problems


def mine() -> Completion:
    """This learner's record from their own work folder (hand-ins as far as they can see)."""
    name = handin.learner()
    sent = {}
    for kind in (settings.HAND_IN_WORKSHEETS, settings.HAND_IN_PLANS):
        try:  # on a hub, a learner may not list the cohort's folder
            sent[kind] = next((r.when() for r in handin.received(kind) if r.learner == name), None)
        except OSError:
            sent[kind] = None
    return Completion(
        name, progress.events(), sent[settings.HAND_IN_WORKSHEETS], sent[settings.HAND_IN_PLANS]
    )


def write(
    folder: Path, records: list[Completion], pdf: bool = True, browser=None
) -> tuple[list[Path], list[str]]:
    """Each complete record as ``<learner>.html`` (and ``.pdf``, printed with ``browser``, a
    Playwright Chromium, or with the Chromium on this machine) in ``folder``; the others are
    said, one sentence each."""
    folder.mkdir(parents=True, exist_ok=True)
    pages, not_yet = [], []
    for record in records:
        try:
            page = record.page()
        except OpsbookError as error:
            not_yet.append(str(error))
            continue
        path = folder / f"{handin.file_stem(record.learner)}.html"
        atomic_write_text(path, page, mode=0o644)
        pages.append(path)
    if pdf and pages:
        pages += _print(pages, browser) if browser is not None else _print_with_chromium(pages)
    return pages, not_yet


def _print_with_chromium(pages: list[Path]) -> list[Path]:
    executable = find_chromium()
    if executable is None:
        raise OpsbookError(
            pick(
                "The HTML pages are written; the PDFs need Chromium (Debian/Ubuntu: sudo "
                "apt-get install chromium-headless-shell, or set OPSBOOK_CHROMIUM), or print "
                "a page from your browser. --html-only leaves the PDFs out.",
                "HTML 页面已写好；PDF 需要 Chromium（Debian/Ubuntu：sudo apt-get install "
                "chromium-headless-shell，或设置 OPSBOOK_CHROMIUM），也可以在浏览器里打印页面。"
                "加 --html-only 可不生成 PDF。",
            )
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            return _print(pages, chromium)
        finally:
            chromium.close()


def _print(pages: list[Path], browser) -> list[Path]:
    printed, page = [], browser.new_page()
    try:
        for path in pages:
            page.goto(path.as_uri())
            target = path.with_suffix(".pdf")
            page.pdf(path=str(target), format="A4", print_background=True)
            printed.append(target)
    finally:
        page.close()
    return printed
