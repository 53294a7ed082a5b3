"""The course's common-characters font: ``python -m opsbook_devtools.fonts`` cuts the bundled Noto
Sans SC down to the characters a page of the course is made of (the 3,755 of GB 2312's first
level, Chinese punctuation and full-width forms, and every Chinese character of the notebooks and
the playbook) and writes it beside the whole font, with TrueType outlines (quadratic curves
within a thousandth of an em of the original ones): an exported page cuts its own characters from
this smaller font in a tenth of the time the whole font takes (:mod:`opsbook.present.webfont`); a
page with a character it lacks is cut from the whole font. Run it again after a chapter brings new
characters (a test says so)."""

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

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


def truetype(font: TTFont) -> None:
    """Give ``font`` TrueType outlines in place of its CFF ones: fontTools cuts a TrueType font
    without running each glyph's CFF program (0.04 s against 0.17 s for a page's 600
    characters)."""
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(outlines)
        # 1 unit of the 1000 to an em: far below a pixel at any size a page shows
        outlines[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
        # a TrueType glyph is drawn from its left side bearing: it must be the outline's left
        # edge, which the quadratic curves may have moved by a unit from the CFF one
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, glyph.xMin if glyph.numberOfContours else 0)
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    # the glyph names move from the CFF table to the post table: without them fontTools would
    # make them up from the character map at every cut
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font["head"].glyphDataFormat = 0
    for table in ("CFF ", "VORG"):  # VORG belongs to CFF outlines
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # each TrueType glyph carries its own box


def write() -> None:
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(text="".join(sorted(common_characters())))
    font = TTFont(str(FONT_FILE), recalcBBoxes=False)
    cutter.subset(font)
    truetype(font)
    font.save(str(COMMON_FONT_FILE))
    print(f"{COMMON_FONT_FILE.name}: {COMMON_FONT_FILE.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    write()
