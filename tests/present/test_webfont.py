"""An exported page embeds the course's font cut down to its Chinese characters: from the
common-characters font when it has them all (which holds every character of the course, so
the course's own pages take the quick way), from the whole font for a rarer one."""

import base64
import io
import re

from fontTools.ttLib import TTFont

from opsbook.core.paths import COMMON_FONT_FILE
from opsbook.present import webfont
from opsbook_devtools.fonts import course_characters


def common_characters() -> set[str]:
    return {chr(c) for c in TTFont(str(COMMON_FONT_FILE))["cmap"].getBestCmap()}


def embedded(face: str) -> set[str]:
    data = base64.b64decode(re.search(r"base64,([^)]+)\)", face).group(1))
    return {chr(c) for c in TTFont(io.BytesIO(data))["cmap"].getBestCmap()}


def test_the_common_font_has_every_character_of_the_course():
    missing = sorted(course_characters() - common_characters())
    assert missing == [], f"run python -m opsbook_devtools.fonts: {''.join(missing)}"


def test_a_page_embeds_its_characters_and_a_rare_one_too():
    rare = "龘"  # in the whole font, not among the common characters
    assert rare not in common_characters()
    common = embedded(webfont.font_face("运营实战手册 Ops"))
    assert common == set("运营实战手册")
    assert embedded(webfont.font_face(f"运营{rare}")) == {"运", "营", rare}
    assert webfont.font_face("English only") == ""


def test_an_emoji_which_neither_font_has_is_left_to_the_readers_fonts():
    """💡 (a hint's box) is in no font of the course: the page keeps the quick TrueType cut of
    its Chinese instead of cutting the whole font, and a page of emoji only embeds none."""
    face = webfont.font_face("提示 💡📖")
    assert "font/ttf" in face and embedded(face) == {"提", "示"}
    assert webfont.font_face("💡📱") == ""


def test_each_truetype_glyph_starts_at_its_left_side_bearing():
    """The common font's outlines were converted to TrueType, which places a glyph by its side
    bearing: a bearing off its outline's left edge shifts the character sideways."""
    font = TTFont(str(COMMON_FONT_FILE))
    glyphs, metrics = font["glyf"], font["hmtx"]
    shifted = []
    for name in font.getGlyphOrder():
        glyph = glyphs[name]
        if glyph.numberOfContours:
            glyph.recalcBounds(glyphs)
            if metrics[name][1] != glyph.xMin:
                shifted.append(name)
    assert shifted == [], "run python -m opsbook_devtools.fonts"
