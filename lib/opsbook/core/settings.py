"""The course's settings from the environment, named once: every variable the course reads.

A learner can set any of these in a terminal, so none of them ever says who somebody is (see
:mod:`opsbook.handin`); they say where things are and how a server was started.
"""

HOME = "OPSBOOK_HOME"  # the work folder (default ~/opsbook-work)
DROP = "OPSBOOK_DROP"  # the cohort's hand-in folder on a shared server
APP = "OPSBOOK_APP"  # set in the worksheet app's kernels: a page without code
APP_TOKEN = "OPSBOOK_APP_TOKEN"  # the worksheet app's token (default: a new one each start)
APP_URL = "OPSBOOK_APP_URL"  # make app LAN=1: the address phones in the room open
APP_HOSTS = "OPSBOOK_APP_HOSTS"  # make app LAN=1: the Host names the server accepts besides local
CHROMIUM = "OPSBOOK_CHROMIUM"  # the Chromium that prints handouts and runs the browser tests
