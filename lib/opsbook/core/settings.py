"""The course's settings in one place: the two editions, the work folder and what is kept in it,
and every environment variable the course reads.

A learner can set any environment variable in a terminal, so none of them ever says who
somebody is (see :mod:`opsbook.handin`); they say where things are and how a server was started.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from opsbook.core.paths import PROJECT_ROOT

# -- environment variables --------------------------------------------------------------------
HOME = "OPSBOOK_HOME"  # the work folder (default ~/opsbook-work)
DROP = "OPSBOOK_DROP"  # the cohort's hand-in folder on a shared server
APP = "OPSBOOK_APP"  # set in the worksheet app's kernels: a page without code
APP_TOKEN = "OPSBOOK_APP_TOKEN"  # the worksheet app's token (default: a new one each start)
APP_URL = "OPSBOOK_APP_URL"  # make app LAN=1: the address phones in the room open
APP_HOSTS = "OPSBOOK_APP_HOSTS"  # make app LAN=1: the Host names accepted besides local ones
CHROMIUM = "OPSBOOK_CHROMIUM"  # the Chromium that prints handouts and runs the browser tests


# -- the editions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edition:
    code: str  # what --lang and LANG= take
    name: str  # as its readers name it
    folder: str  # its notebooks, from the project's root
    locale: str  # JupyterLab's language pack for its menus

    @property
    def notebooks(self) -> Path:
        return PROJECT_ROOT / self.folder


EDITIONS = {
    "en": Edition("en", "English", "notebooks", "en"),
    "zh": Edition("zh", "中文", "notebooks/zh", "zh_CN"),
}


# -- the work folder: learner work and imported data, never in the repository -----------------
WORKSHEETS = "worksheets"  # the team's self-assessments
PLANS = "plans"  # plans made in the plan builder
MY_DATA = "my_data"  # imported platform exports (my_data/profiles: the learner's own profiles)
HAND_IN = "hand_in"  # hand-ins off a hub (on a hub: $OPSBOOK_DROP)
REPORTS = "reports"  # pages and pictures the chapters write (the daily review, the SOP)
PROGRESS = "progress"  # the exercises checked, hints and solutions opened (opsbook.course.progress)
SETTINGS_FILE = "settings.json"  # the language chosen last
# the hand-in folders inside a drop folder, by what they hold (a cohort's folders are made with
# these names: opsbook drop-folder, deploy/kubernetes/values.yaml)
HAND_IN_WORKSHEETS = "four_powers"
HAND_IN_PLANS = "plans"
HAND_IN_PROGRESS = "progress"  # a learner's progress record (opsbook.course.progress.send)


def work_home() -> Path:
    """The folder where learner work is saved (``$OPSBOOK_HOME`` or ``~/opsbook-work``)."""
    configured = os.environ.get(HOME)
    return Path(configured).expanduser() if configured else Path.home() / "opsbook-work"


def work_path(*parts: str) -> Path:
    """A place in the work folder: ``work_path(PLANS)``, ``work_path(MY_DATA, "profiles")``."""
    return work_home().joinpath(*parts)
