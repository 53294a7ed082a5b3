"""Where the course's files live, resolved from the package, never from the current directory.

The package is installed in editable mode from a clone (``pip install -e .``), so the project
root is two folders above this file: a notebook opened from any folder finds its data.
"""

from pathlib import Path

from opsbook.core.errors import OpsbookError

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # lib/opsbook (this file is in core/)
PROJECT_ROOT = PACKAGE_DIR.parents[1]
PLAYBOOK_DIR = PROJECT_ROOT / "playbook"
DATASETS_DIR = PROJECT_ROOT / "datasets"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FONTS_DIR = PACKAGE_DIR / "fonts"
FONT_FILE = FONTS_DIR / "NotoSansSC-Regular.otf"  # charts, exported pages, the app, JupyterLab
# the same font cut down to the characters a page of the course is made of, as TrueType: exported
# pages cut their own characters from it in a tenth of the time (opsbook_devtools.fonts makes it)
COMMON_FONT_FILE = FONTS_DIR / "NotoSansSC-Common.ttf"
FONT_NAME = "Noto Sans SC"


def require_dir(path: Path) -> Path:
    """Return ``path`` if it is a folder, else raise an error that says how to fix the install."""
    if not path.is_dir():
        raise OpsbookError(
            f"The folder {path.name}/ was not found next to the opsbook library. "
            "Install the course from a clone of the repository with `make lab` "
            "(or `pip install -e .` in the clone), not from a copied package."
        )
    return path


def relative_to_project(path: Path) -> str:
    """Show a path the way users see it in the repository (never a machine path)."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return Path(path).name
