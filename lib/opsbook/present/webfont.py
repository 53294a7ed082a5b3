"""Chinese text in the browser, even on a machine without a Chinese font: the bundled Noto Sans
SC (SIL Open Font License) served as a web font.

- Exported pages (reports, plans, reviews) embed :func:`font_face`: the font cut down to the
  Chinese characters the page uses (tens of kilobytes, not the 8 MB of the whole font), so the
  file still renders when it is e-mailed on. The cut is made from the common-characters font
  (1 MB, ``NotoSansSC-Common.ttf``, TrueType outlines: 0.04 s for a page of 600 characters
  against 0.4 s from the whole font) when it has every character of the page, else from the
  whole font.
- The worksheet app and JupyterLab load the whole font from the server
  (``jupyter/voila/templates/opsbook/static`` and ``jupyter/custom``, links to ``fonts/``
  beside this module, which also holds JupyterLab's ``custom.css``).
"""

import base64
import io
from functools import lru_cache

from opsbook.core.paths import COMMON_FONT_FILE, FONT_FILE, FONT_NAME

FAMILY = FONT_NAME  # "Noto Sans SC": the name the pages' CSS asks for


def needs_font(character: str) -> bool:
    return ord(character) >= 0x2E80  # CJK radicals onwards, full-width punctuation included


def font_face(text: str) -> str:
    """A CSS ``@font-face`` rule with the bundled font cut down to the Chinese characters of
    ``text`` (an empty string when there are none)."""
    characters = "".join(sorted({c for c in text if needs_font(c)}))
    return _font_face(characters) if characters else ""


@lru_cache(maxsize=1)
def _whole_font_draws() -> frozenset[int]:
    """The characters of the whole font (its character map: 60 ms, read once)."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONT_FILE), lazy=True)["cmap"].getBestCmap())


@lru_cache(maxsize=64)
def _font_face(characters: str) -> str:
    # imported here, not with the module: only an exported page needs it (75 ms to import)
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # the whole font's bounding boxes still hold for a part of it: not working them out again
    # halves the time of a cut (0.7 s to 0.4 s for a chapter's 650 characters)
    font = TTFont(str(COMMON_FONT_FILE), recalcBBoxes=False)
    wanted = set(map(ord, characters))
    drawn = wanted & font.getBestCmap().keys()
    rare = (wanted - drawn) & _whole_font_draws()  # an emoji is in neither: the reader's fonts
    if rare:
        font, drawn = TTFont(str(FONT_FILE), recalcBBoxes=False), drawn | rare
    if not drawn:
        return ""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(drawn))
    cutter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    kind, format_name = ("otf", "opentype") if rare else ("ttf", "truetype")
    return (
        f'@font-face{{font-family:"{FAMILY}";font-display:block;'
        f'src:url(data:font/{kind};base64,{data}) format("{format_name}")}}'
    )
