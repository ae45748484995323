"""RFC 5545 content lines: TEXT escaping (§3.3.11) and folding at 75 octets (§3.1).

Pure functions; the renderer builds every line through `line()`.
"""

import re

CRLF = "\r\n"
FOLD_OCTETS = 75
# A CR alone or CRLF is a line break too; each becomes one escaped newline.
_NEWLINES = re.compile(r"\r\n|\r|\n")
# Control characters other than HTAB are not allowed in any value (§3.1 "CONTROL").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Anything escape_text would change; most values have none (the fast path of a 5,000-item feed).
_SPECIAL = re.compile(r"[\\;,\x00-\x08\x0a-\x1f\x7f]")


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    # `in` and isprintable() are C loops several times faster than the regex; isprintable() is
    # also False for harmless characters (tab, NBSP, ZWJ), which then take the regex path.
    if "\\" not in value and ";" not in value and "," not in value:
        if value.isprintable() or _SPECIAL.search(value) is None:
            return value
    elif value.isprintable() or ("\n" not in value and _CONTROLS.search(value) is None):
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _CONTROLS.sub("", _NEWLINES.sub("\n", value))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def unescape_text(value: str) -> str:
    """The inverse of `escape_text` (for the importer and tests)."""
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            nxt = value[index + 1]
            out.append("\n" if nxt in "nN" else nxt)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def fold(content_line: str) -> str:
    """Fold one content line into CRLF-terminated physical lines of at most 75 octets,
    never splitting a UTF-8 character (continuations begin with one space)."""
    if content_line.isascii():
        if len(content_line) <= FOLD_OCTETS:
            return content_line + CRLF
        rest = range(FOLD_OCTETS, len(content_line), FOLD_OCTETS - 1)
        parts = [content_line[:FOLD_OCTETS], *(content_line[i : i + FOLD_OCTETS - 1] for i in rest)]
        return "\r\n ".join(parts) + CRLF
    data = content_line.encode()
    size = len(data)
    if size <= FOLD_OCTETS:
        return content_line + CRLF
    # Greedy chunks that end before a UTF-8 continuation byte (10xxxxxx): never mid-character.
    chunks: list[bytes] = []
    begin, end = 0, FOLD_OCTETS
    while end < size:
        while data[end] & 0xC0 == 0x80:
            end -= 1
        chunks.append(data[begin:end])
        begin, end = end, end + FOLD_OCTETS - 1
    chunks.append(data[begin:])
    return b"\r\n ".join(chunks).decode() + CRLF


def unfold(text: str) -> list[str]:
    """Physical lines → logical content lines (for tests and the importer's diagnostics)."""
    return [line for line in re.sub(r"\r\n[ \t]", "", text).split("\r\n") if line]


def param_value(value: str) -> str:
    """A parameter value: quoted when it holds a separator (§3.2); DQUOTE is not allowed."""
    value = _CONTROLS.sub("", value.replace('"', "'"))
    return f'"{value}"' if any(c in value for c in ":;,") else value


def line(name: str, value: str, **params: str) -> str:
    """One folded content line; `value` must already be in its type's form."""
    if not params:
        return fold(f"{name}:{value}")
    head = name + "".join(f";{k.replace('_', '-')}={param_value(v)}" for k, v in params.items())
    return fold(f"{head}:{value}")


def text_line(name: str, value: str, **params: str) -> str:
    if not params:  # the common case, without two extra calls per line
        return fold(f"{name}:{escape_text(value)}")
    return line(name, escape_text(value), **params)
