"""Handing work in to the trainer: a learner sends a worksheet (or a plan) from the worksheet
itself; it lands in the cohort's drop folder, one file per learner and kind.

- **Where**: ``$OPSBOOK_DROP`` (on a hub, the cohort's folder: see the trainer's page of the
  README), else ``hand_in/`` in the learner's own work folder. The code is the same both ways. On
  Kubernetes every learner's server mounts only that learner's part of the cohort volume at
  ``$OPSBOOK_DROP`` and the trainer's mounts all of it; :func:`scan` reads both layouts.
- **Who**: nothing a learner can set is taken as who they are. On a shared server the file's
  owner (the computer account that wrote it) decides: a hand-in named for a learner counts only
  if that learner's account wrote it (the same name, or The Littlest JupyterHub's
  ``jupyter-<name>``). On Kubernetes, where every learner runs as one account, the folder the
  hub mounted for the learner decides. A file that claims somebody else is listed for the
  trainer as a problem and counted for nobody; sending under another hub name is refused.
- **Distinct names**: every hub name gives its own file name (:func:`file_stem`): 张三 and 李四
  never share a file, and no name gives a file name too long for the disk.
- **When**: a hand-in records when it was sent; the trainer sees that time and, where the two
  differ, when the file arrived (its change time, which a learner cannot set back).
- **Safe**: each file is written whole and renamed into place, readable by its owner and the
  trainers' group only (0640). Sending again replaces only one's own file: a file of that name
  that belongs to another account is never overwritten. The trainer's side follows no link and
  reads nothing but regular files.
- **Isolated on a hub**: :func:`prepare` makes the folder writable and not readable by learners
  (``others``: write and enter, no listing), readable by the trainers' group, with the sticky bit
  (nobody removes or replaces another's file) and the set-group-id bit (every file gets the
  trainers' group). :func:`isolation_problems` checks a folder for exactly that.
"""

from opsbook.handin.folder import (
    FILE_MODE,
    FOLDER_MODE,
    KINDS,
    drop_folder,
    isolation_problems,
    prepare,
)
from opsbook.handin.names import account_name, accounts_for, file_stem, learner, name_of_stem
from opsbook.handin.roster import read_roster, roster
from opsbook.handin.scan import Received, Scan, missing, received, scan
from opsbook.handin.send import STAMP, send, unstamped

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "KINDS",
    "STAMP",
    "Received",
    "Scan",
    "account_name",
    "accounts_for",
    "drop_folder",
    "file_stem",
    "isolation_problems",
    "learner",
    "missing",
    "name_of_stem",
    "prepare",
    "read_roster",
    "received",
    "roster",
    "scan",
    "send",
    "unstamped",
]
