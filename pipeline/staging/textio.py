"""Reading raw text files: UTF-8 (a byte-order mark is fine), any line ending, located errors."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError, Problem


def read_text(path: Path, shown: str) -> str:
    """The file's text with line endings made LF; a decoding error names the line it is on.
    Symbolic links are refused: a raw folder may not make the build read files outside it."""
    if path.is_symlink():
        raise InputError(
            Problem(shown, "is a symbolic link; raw files must be real files in the raw folder")
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(shown, f"cannot read file: {exc.strerror}")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(
                shown,
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                f"{exc.start}); save the file as UTF-8",
                line,
            )
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(Problem(shown, "contains a NUL character; is this a binary file?", line))
    return text.replace("\r\n", "\n").replace("\r", "\n")
