"""The encoding of a CSV export, from its first bytes: a byte-order mark decides, valid UTF-8 is
UTF-8, else charset-normalizer's best guess; the Chinese national encodings all read as GB18030
(it contains GB2312 and GBK).

Two exports of different encodings pasted into one file (a UTF-8 one and a GBK one) are found
line by line (:func:`mixed_lines`) rather than read as one of them with the other garbled.
"""

import codecs
import re

from charset_normalizer import from_bytes

GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
# a line is taken for UTF-8 text when it holds at least this many characters beyond ASCII, all
# valid UTF-8 (a short GBK text is valid UTF-8 by chance now and then; three characters rarely)
UTF8_EVIDENCE = 3
_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file from its first bytes (the sample may end inside a character)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if sample.count(b"\0") > len(sample) // 8:  # UTF-16 without a mark: ASCII has NUL halves
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > 4 * even:
            return "utf-16-le"
        if even > 4 * odd:
            return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    cut = sample[: max(sample.rfind(b"\n"), sample.rfind(b"\r")) + 1] or sample
    best = from_bytes(cut).best()
    guess = best.encoding.lower() if best else ""
    if guess in GB_FAMILY or not guess:
        return "gb18030"
    return guess


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def mixed_lines(sample: bytes) -> tuple[int, int] | None:
    """(a, b) when line a is clearly UTF-8 text and line b is not UTF-8 at all (1-based line
    numbers of the sample, which must start at the file's start); None when the lines agree."""
    utf8 = other = 0
    for number, line in enumerate(re.split(rb"\r\n|\n|\r", sample)[:-1] or [sample], 1):
        if line.isascii():
            continue
        if _is_utf8(line):
            if not utf8 and len(_MULTIBYTE.findall(line)) >= UTF8_EVIDENCE:
                utf8 = number
        elif not other:
            other = number
        if utf8 and other:
            return utf8, other
    return None
