"""A fetched documentation page reduced to text as the seed documents were made: what a
reader sees, one block a line.

Headings, paragraphs and list items are lines of their own, separated from the next block
by a blank line; list items start with ``• ``; a table row is its cells joined by single
spaces (so a Slate table reads ``name type description``); preformatted text (code samples,
JSON examples) keeps its lines as written. Scripts, styles and the document head are
dropped. :mod:`generator.prose.read` then reads the text like any seed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "button"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
                     "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table",
                     "blockquote", "form", "fieldset", "figure", "details", "summary"})
_CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class _Reducer(HTMLParser):
    """Collects the page's text as lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip = 0  # depth inside skipped elements
        self._pre = 0  # depth inside <pre>
        self._cells: list[str] | None = None  # the cells of the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif self._skip:
            return
        elif tag == "pre":
            self._break(blank=True)
            self._pre += 1
        elif tag == "tr":
            self._break()
            self._cells = []
        elif tag in _CELLS and self._cells is not None:
            self._flush_cell()
        elif tag == "li":
            self._break()
            self._line.append("• ")
        elif tag == "br":
            self._break()
        elif tag in _BLOCKS:
            self._break(blank=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif self._skip:
            return
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._break(blank=True)
        elif tag in _CELLS and self._cells is not None:
            self._flush_cell()
        elif tag == "tr" and self._cells is not None:
            self._flush_cell()
            cells, self._cells = self._cells, None
            self._emit(" ".join(cell for cell in cells if cell))
        elif tag in _BLOCKS or tag == "li":
            self._break(blank=tag != "li")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self._line.append(part)
                self._emit("".join(self._line), keep=True)
                self._line = []
            self._line.append(parts[-1])
        else:
            self._line.append(_SPACES.sub(" ", data))

    def _flush_cell(self) -> None:
        text = _SPACES.sub(" ", "".join(self._line)).strip()
        self._line = []
        if self._cells is not None and text:
            self._cells.append(text)

    def _break(self, blank: bool = False) -> None:
        if self._cells is not None:
            return  # inside a row, blocks are parts of a cell
        if self._line:
            self._emit("".join(self._line), keep=bool(self._pre))
            self._line = []
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _emit(self, text: str, keep: bool = False) -> None:
        line = text.rstrip() if keep else _SPACES.sub(" ", text).strip()
        if line or keep:
            self.lines.append(line)

    def text(self) -> str:
        """Everything read, as text ending with a newline."""
        self._break()
        lines = [line for index, line in enumerate(self.lines)
                 if line or (index and self.lines[index - 1] != "")]
        return "\n".join(lines).strip("\n") + "\n"


def reduce(page: str) -> str:
    """The text a reader sees of the HTML ``page``."""
    reducer = _Reducer()  # character references are decoded as the page is read
    reducer.feed(page)
    reducer.close()
    return reducer.text()


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page rather than text already reduced."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head
