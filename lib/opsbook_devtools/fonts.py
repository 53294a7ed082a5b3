"""The course's common-characters font: ``python -m opsbook_devtools.fonts`` cuts the bundled Noto
Sans SC down to the characters a page of the course is made of (the 3,755 of GB 2312's first
level, Chinese punctuation and full-width forms, and every Chinese character of the notebooks and
the playbook) and writes it beside the whole font. An exported page cuts its own characters from
this smaller font in half the time (:mod:`opsbook.present.webfont`); a page with a character it
lacks is cut from the whole font. Run it again after a chapter brings new characters (a test
says so)."""

from fontTools import subset
from fontTools.ttLib import TTFont

from opsbook.core.paths import COMMON_FONT_FILE, FONT_FILE, NOTEBOOKS_DIR, PLAYBOOK_DIR
from opsbook.present.webfont import needs_font


def gb2312_level_one() -> set[str]:
    """The 3,755 most common characters (GB 2312, rows 16–55)."""
    found = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:  # the unused end of row 55
                continue
    return found


def course_characters() -> set[str]:
    """Every character of the notebooks and the playbook that the course's font draws (an
    emoji, which it has not, is left to the reader's own fonts)."""
    drawn = {chr(c) for c in TTFont(str(FONT_FILE))["cmap"].getBestCmap()}
    files = [*NOTEBOOKS_DIR.rglob("*.ipynb"), *PLAYBOOK_DIR.rglob("*.yaml")]
    return {c for path in files for c in path.read_text("utf-8") if needs_font(c)} & drawn


def common_characters() -> set[str]:
    punctuation = {chr(c) for c in (*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0))}
    return gb2312_level_one() | punctuation | course_characters()


def write() -> None:
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(text="".join(sorted(common_characters())))
    font = TTFont(str(FONT_FILE), recalcBBoxes=False)
    cutter.subset(font)
    font.save(str(COMMON_FONT_FILE))
    print(f"{COMMON_FONT_FILE.name}: {COMMON_FONT_FILE.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    write()
