"""The Chromium the course drives (handouts printed to PDF, the browser tests): the one named by
``$OPSBOOK_CHROMIUM``, else one on the PATH (its headless shell first). The course never
downloads a browser."""

import os
import shutil
from pathlib import Path

from opsbook.core import settings

# headless, and quiet on a closed network (no background connections that would be refused)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Chromium's headless shell first: the browser without its windowing, which needs about a fifth
# less CPU to drive JupyterLab than the full browser in headless mode
NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The Chromium to drive: ``$OPSBOOK_CHROMIUM``, else one on the PATH (never a download)."""
    candidates = [os.environ.get(settings.CHROMIUM, "")]
    candidates += [shutil.which(name) or "" for name in NAMES]
    return next((c for c in candidates if c and Path(c).exists()), None)


# how often (ms) to look again while waiting for a page to reach a state: Playwright's default,
# every animation frame, keeps a software-rendered page drawing 60 frames a second
POLL = 50
