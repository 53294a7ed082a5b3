"""The course on a JupyterHub (the README's page for trainers): the nbgitpuller link that gives
every learner the course, and JupyterLab's defaults for every learner of a server.

- **The link**: ``https://HUB/hub/user-redirect/git-pull?repo=…`` logs the learner in, starts
  their server, clones the course into ``ops-playbook/`` in their home (or pulls what changed
  since), and opens the start notebook of the edition. A learner's work lives in the work folder,
  not in the notebooks, and nbgitpuller keeps a learner's own edits when it merges: pulling an
  update loses nothing.
- **The defaults**: widget state saved with each notebook, no news pop-up, every cell drawn, and
  the cohort's language, as JupyterLab's ``overrides.d`` file in the environment every learner's
  server runs from; a learner's own choice (say, switching the menus to English) still wins.
"""

import ipaddress
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from opsbook.core.errors import OpsbookError
from opsbook.core.paths import PROJECT_ROOT
from opsbook.core.settings import EDITIONS
from opsbook.core.store import atomic_write_text
from opsbook.serve import lab

FOLDER = "ops-playbook"  # the course's folder in each learner's home
SETTINGS_FILE = "ops-playbook.json"  # in JupyterLab's overrides.d


_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def web_address(address: str, what: str, example: str, credentials: str = "refuse") -> str:
    """``address`` checked as a real web address (http or https, a host name or IP address, an
    optional port and path; no spaces, quotes or markup), without a trailing "/". User names,
    passwords and tokens never travel on in it: ``credentials="refuse"`` refuses an address
    that carries them, ``"drop"`` leaves them out (with any query string and fragment)."""
    bad = OpsbookError(f'{what}: "{address}" is not a web address — write it like {example}')
    if not isinstance(address, str) or any(c.isspace() or c in '"<>\\^`{|}' for c in address):
        raise bad
    try:
        parts = urlsplit(address)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not host or not _real_host(host):
        raise bad
    carries = parts.username is not None or parts.password is not None
    if credentials == "refuse" and (carries or parts.query or parts.fragment):
        raise OpsbookError(
            f"{what}: give the address alone, without a user name, password, token or "
            f'"?…" — write it like {example}'
        )
    netloc = f"[{host}]" if ":" in host else host.encode("idna").decode("ascii")
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, netloc + (f":{port}" if port else ""), path, "", ""))


def _real_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return all(_HOST_LABEL.match(label) for label in ascii_host.rstrip(".").split("."))


def course_repository() -> str:
    """Where this copy of the course was cloned from (its ``origin``), for the link. On a hub
    the copy belongs to root and the trainer reads it: git reads another account's repository
    only when told it is safe (for this command only)."""
    root = str(PROJECT_ROOT)
    done = subprocess.run(["git", "-c", f"safe.directory={root}", "-C", root, "remote", "get-url",
                           "origin"], capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0 or not done.stdout.strip():
        raise OpsbookError(
            "This copy of the course has no origin to pull from — name the repository learners "
            "pull the course from: --repo https://github.com/YOUR-ORG/ops-playbook"
        )
    # the origin may hold a token (https://x-access-token:…@github.com/…): never passed on
    example = "--repo https://github.com/YOUR-ORG/ops-playbook"
    return web_address(done.stdout.strip(), "The clone's origin", example, credentials="drop")


def pull_link(hub: str, repository: str, branch: str = "main", language: str = "en") -> str:
    """The nbgitpuller link for a cohort: the course from ``repository`` into every learner's
    ``ops-playbook/``, opened on the start notebook of the ``language`` edition."""
    hub = web_address(hub, "The hub", "https://hub.example.com")
    query = urlencode(
        {
            "repo": web_address(repository, "--repo", "https://github.com/YOUR-ORG/ops-playbook"),
            "branch": branch,
            "targetpath": FOLDER,
            "urlpath": f"lab/tree/{FOLDER}/{lab.start_page(language)}",
        }
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def learner_defaults(language: str) -> dict[str, dict]:
    """The course's JupyterLab settings as defaults, keyed by plugin (``package:plugin``)."""
    defaults = {}
    for name, values in {
        **lab.DEFAULTS,
        "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {
            "locale": EDITIONS[language].locale
        },
    }.items():
        package, plugin = name.rsplit("/", 1)
        defaults[f"{package}:{plugin.removesuffix('.jupyterlab-settings')}"] = values
    return defaults


def write_learner_defaults(language: str, prefix: Path | None = None) -> Path:
    """Write :func:`learner_defaults` where JupyterLab reads an environment's defaults (under
    ``prefix``, this Python's by default)."""
    folder = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(learner_defaults(language), indent=1) + "\n"
    atomic_write_text(folder / SETTINGS_FILE, text, mode=0o644)  # read by every learner's server
    return folder / SETTINGS_FILE
