"""Refuse unsafe input before anything reads it.

Frictionless on its own follows symlinks and fetches URLs; a pull request must not make the
build read outside its package or reach the network. So every path a descriptor or a CSV
names is checked here first, and every file is checked for size and UTF-8.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

from .problems import Problem

# A data file larger than this is refused: the largest real CSV is a few tens of kB.
MAX_FILE_BYTES = 5 * 1024 * 1024

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Longer names than these make the operating system raise (ENAMETOOLONG) instead of answering.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 1024

# Characters XML 1.0 does not allow at all (C0 controls but TAB, LF and CR; U+FFFE, U+FFFF; lone
# surrogates): feed.xml, catalog.ttl and the SVGs could not be written with them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters a reader cannot see that change what is shown: Unicode format characters (Cf: bidi
# overrides and isolates U+202A–U+202E, U+2066–U+2069, zero-width U+200B–U+200F, U+2060, U+FEFF,
# soft hyphen U+00AD …), DEL and C1 controls, and the line/paragraph separators U+2028/U+2029.
# Unicode's format characters (Cf, Unicode 14.0 as in Python 3.11), written out: working them out
# from unicodedata at import cost every command a tenth of a second. A test holds the list to
# unicodedata, so a newer Python with new Cf characters fails it rather than letting them through.
FORMAT_CHARACTERS = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
# ... and DEL with the C1 controls, and the line and paragraph separators.
INVISIBLE_RANGES = (*FORMAT_CHARACTERS, (0x007F, 0x009F), (0x2028, 0x2029))
_INVISIBLE = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE_RANGES) + "]")
# Either kind, in one pass: nearly every text holds neither, and is then searched once, not twice.
_REFUSED = re.compile(_XML_ILLEGAL.pattern[:-1] + _INVISIBLE.pattern[1:])


def without_invisible(text: str) -> str:
    """Text from outside the packages (a commit message) with what a reader cannot see taken out:
    invisible and format characters (a bidi override could turn the words round) and the controls
    XML does not allow."""
    return _XML_ILLEGAL.sub("", _INVISIBLE.sub("", text))


def path_problem(package_dir: Path, value: object, where: str, column: str | None = None,
                 row: int | None = None) -> Problem | None:
    """Return a Problem if `value` is not a safe relative path to a regular file in the package."""

    def refuse(reason: str) -> Problem:
        return Problem("unsafe-path", where, row, column, value, params={"reason": reason})

    if not isinstance(value, str) or not value:
        return refuse("not a path")
    if _XML_ILLEGAL.search(value) or _INVISIBLE.search(value):
        return refuse("a control or invisible character")
    encoded = value.encode("utf-8")
    if len(encoded) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in encoded.split(b"/")):
        return Problem("path-too-long", where, row, column, value[:80] + "…",
                       params={"limit": MAX_NAME_BYTES, "total": MAX_PATH_BYTES})
    if _URL.match(value) or value.startswith("//"):
        return refuse("a URL")
    if "\\" in value:
        return refuse("a backslash")
    pure = PurePosixPath(value)
    if pure.is_absolute():
        return refuse("absolute")
    if ".." in pure.parts:
        return refuse("contains ..")
    # Every step from the package folder down must be a real folder/file, not a link.
    current = package_dir
    try:
        for part in pure.parts:
            current = current / part
            if current.is_symlink():
                return refuse("a symbolic link")
        if not current.exists():
            return Problem("file-missing", where, row, column, value)
        if not current.is_file():
            return refuse("not a regular file")
        if os.stat(current).st_nlink > 1:
            return hard_link(where, value, row, column)
    except OSError as error:  # a name the file system refuses, a loop, no permission
        return refuse(f"the file system refuses it ({error.strerror})")
    return None


def hard_link(where: str, value: object, row: int | None = None, column: str | None = None) -> Problem:
    """A file with a second name may be a file outside the repository: its content is never shown."""
    return Problem("hard-link", where, row, column, value)


def _printable(text: str) -> bool:
    """True when every character is printable or a line break or tab: such a text holds no refused
    character (each is a control, format, separator or non-character, none printable; a test holds
    that for every code point). Several times faster than the search it spares nearly every text."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ").isprintable()


def character_problem(text: str) -> tuple[str, int] | None:
    """(code, position) of the first character no text cell, id or transcript may hold, if any."""
    if _printable(text) or not _REFUSED.search(text):
        return None
    for code, pattern in (("char-illegal", _XML_ILLEGAL), ("char-invisible", _INVISIBLE)):
        found = pattern.search(text)
        if found:
            return code, found.start()
    return None


def refused_cells(rows: list[tuple[int, dict]]) -> list[tuple[int, str, str, tuple[str, int]]]:
    """(row, column, cell, (code, position)) of every string cell holding a character no cell may
    hold, in reading order; `rows` are (row number, record) pairs. Nearly every table holds none,
    so all its cells are searched at once first (a search per cell was a tenth of a validation)."""
    try:
        joined = "\n".join("\n".join(record.values()) for _, record in rows)  # LF is allowed
    except TypeError:  # a cell that is not a string: the walk below passes over it
        joined = None
    if joined is not None and character_problem(joined) is None:
        return []
    found = []
    for row, record in rows:
        for column, cell in record.items():
            problem = character_problem(cell) if isinstance(cell, str) else None
            if problem:
                found.append((row, column, cell, problem))
    return found


def character_params(text: str, position: int) -> dict:
    """How a message names the character: its code point and Unicode name, never the character."""
    char = text[position]
    return {"char": f"U+{ord(char):04X}", "char_name": unicodedata.name(char, "unnamed control character")}


# Every code file_problems (and path_problem before it) may report: what a rule reading a file declares.
FILE_CODES = ("unsafe-path", "path-too-long", "file-missing", "hard-link", "file-too-large", "not-utf8",
              "char-illegal", "char-invisible", "cr-line-endings")


def file_problems(path: Path, display: str) -> list[Problem]:
    """Size and encoding checks for a file that is about to be read as text."""
    return checked_text(path, display)[1]


def checked_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """(the file's text as `Path.read_text` gives it, no problems) when it passes `file_problems`,
    else (None, its problems): the checks and the read in one pass over the bytes."""
    try:
        stat = path.stat()
    except OSError as error:
        return None, [Problem("unsafe-path", display, value=path.name, params={"reason": error.strerror})]
    if not path.is_file():
        return None, [Problem("unsafe-path", display, value=path.name, params={"reason": "not a regular file"})]
    if stat.st_nlink > 1:
        return None, [hard_link(display, path.name)]
    if stat.st_size > MAX_FILE_BYTES:
        return None, [Problem("file-too-large", display, value=stat.st_size, params={"limit": MAX_FILE_BYTES})]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem("not-utf8", display, params={"reason": "starts with a byte-order mark (BOM)"})]
    if b"\x00" in raw:
        return None, [Problem("not-utf8", display, params={"reason": "binary content (NUL bytes)"})]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem("not-utf8", display, row=line, params={
            "reason": f"byte 0x{raw[error.start]:02x} at line {line} is not UTF-8; "
                      "probably saved as Windows-1252"})]
    problems = text_problems(text, display)
    # read_text's universal newlines: CR LF and a lone CR become LF
    return (None, problems) if problems else (text.replace("\r\n", "\n").replace("\r", "\n"), [])


def text_problems(text: str, display: str) -> list[Problem]:
    """A whole text file: its first illegal or invisible character, by line; and a file whose
    lines end in CR alone (old Mac Excel), which every reader here would see as one line."""
    found = character_problem(text)
    if found:
        code, position = found
        return [Problem(code, display, row=text.count("\n", 0, position) + 1,
                        params=character_params(text, position))]
    if "\r" in text and "\n" not in text:
        return [Problem("cr-line-endings", display, params={"package": str(PurePosixPath(display).parent)})]
    return []
