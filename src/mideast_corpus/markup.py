"""Web pages saved as article text: keep the words a reader sees, drop the page around them.

A text file or table cell that :func:`~mideast_corpus.decoding.looks_like_html` flags (a saved web page
rather than article text) is turned into plain text by :func:`strip_html`, the first repair step of
:func:`~mideast_corpus.cleaning.repair_text`, so the change is a ``repaired`` row of the load report
and ``corpus.raw`` keeps the page as decoded. The rule:

* elements that hold no article text are dropped with their content: ``script``, ``style``,
  ``noscript``, ``template``, ``svg``, ``canvas``, ``iframe``, ``object``, ``head`` (its ``<title>``
  becomes the document's title when it has none: :func:`html_title`), ``nav``, ``aside``, ``form``,
  ``button``, ``select``, ``header``/``footer`` outside an ``<article>``, and any element whose ``class``
  or ``id`` holds a word of page furniture (``nav``, ``menu``, ``footer``, ``sidebar``, ``share``,
  ``social``, ``comments``, ``related``, ``cookie``, ``newsletter``, ``subscribe``, ``ad``, ...:
  :data:`FURNITURE_WORDS`);
* when the page has an ``<article>`` element (else a ``<main>``), only the text inside it is kept: site
  menus, related links and comment threads lie outside it;
* block elements (``p``, ``div``, ``li``, ``h1``-``h6``, ``tr``, ...) end paragraphs, ``br`` ends a
  line, runs of whitespace inside a paragraph become one space, character references are decoded and
  comments dropped.

Text with a stray tag or two ("he wrote <b> and left") is not a page and is left alone.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .decoding import looks_like_html

__all__ = ["FURNITURE_WORDS", "html_title", "strip_html"]

#: Words in an element's ``class`` or ``id`` that mark page furniture (split on spaces, ``-`` and ``_``).
FURNITURE_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "header", "footer",
                             "sidebar", "share", "sharing", "social", "comments", "comment", "related", "cookie",
                             "cookies", "newsletter", "subscribe", "subscription", "advert", "advertisement", "ad",
                             "ads", "promo", "banner", "popup", "modal"})
_CLASS_WORDS = re.compile(r"[\s_-]+")

_DROPPED = frozenset({"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head", "nav",
                      "aside", "form", "button", "select", "textarea"})
_OUTSIDE_ARTICLE_ONLY = frozenset({"header", "footer"})
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                     "table", "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "hr",
                     "address", "details", "summary", "body", "html", "header", "footer"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_PARAGRAPH, _LINE = "\x00p", "\x00l"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


class _PageText(HTMLParser):
    """Collects text pieces with where they lie (inside an article, inside main)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, bool, bool]] = []
        self.n_tags = 0
        self.dropped: dict[str, int] = {}
        self._skip: list[str] = []  # the dropped element being skipped, and same-name elements nested in it
        self._article = 0
        self._main = 0

    def _emit(self, piece: str) -> None:
        self.pieces.append((piece, self._article > 0, self._main > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.n_tags += 1
        if self._skip:
            if tag == self._skip[0] and tag not in _VOID:
                self._skip.append(tag)
            return
        furniture = _furniture(attrs)
        if tag in _DROPPED or (tag in _OUTSIDE_ARTICLE_ONLY and not self._article) or furniture:
            name = f"{tag}.{furniture}" if furniture and tag not in _DROPPED else tag
            self.dropped[name] = self.dropped.get(name, 0) + 1
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag == "article":
            self._article += 1
        elif tag == "main":
            self._main += 1
        if tag == "br":
            self._emit(_LINE)
        elif tag in _BLOCKS:
            self._emit(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        self.n_tags += 1
        if self._skip:
            if tag == self._skip[0]:
                self._skip.pop()
            return
        if tag in _BLOCKS:
            self._emit(_PARAGRAPH)
        if tag == "article" and self._article:
            self._article -= 1
        elif tag == "main" and self._main:
            self._main -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._emit(data)


def _furniture(attrs: list[tuple[str, str | None]]) -> str | None:
    """The first furniture word in the element's class or id, if any."""
    for key, value in attrs:
        if key in ("class", "id") and value:
            for word in _CLASS_WORDS.split(value.lower()):
                if word in FURNITURE_WORDS:
                    return word
    return None


def _paragraphs(pieces: list[str]) -> str:
    out: list[str] = []
    lines: list[str] = []
    line: list[str] = []

    def end_line() -> None:
        text = _SPACES.sub(" ", "".join(line)).strip()
        line.clear()
        if text:
            lines.append(text)

    def end_paragraph() -> None:
        end_line()
        if lines:
            out.append("\n".join(lines))
            lines.clear()

    for piece in pieces:
        if piece == _PARAGRAPH:
            end_paragraph()
        elif piece == _LINE:
            end_line()
        else:
            line.append(piece)
    end_paragraph()
    return "\n\n".join(out)


def strip_html(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Turn a saved web page into its text (a repair step: ``(new text, tags removed, detail)``).

    Text that does not look like a page (:func:`~mideast_corpus.decoding.looks_like_html`) is
    returned unchanged.

    Examples
    --------
    >>> page = ("<html><head><title>Mosul</title><script>var ad = 1;</script></head><body>"
    ...         "<nav>Home | World</nav><article><p>Iraqi forces entered Mosul.</p>"
    ...         "<p>ISIS fighters fled &amp; regrouped.</p></article><p>Related: sport</p></body></html>")
    >>> text, count, detail = strip_html(page)
    >>> text
    'Iraqi forces entered Mosul.\\n\\nISIS fighters fled & regrouped.'
    >>> detail
    'web page turned into text: 20 tags removed; dropped with their content: head (1), nav (1); kept the <article> only'
    >>> strip_html("He wrote <b> and left.")[0]
    'He wrote <b> and left.'
    """
    if looks_like_html(text) is None:
        return text, 0, ""
    parser = _PageText()
    parser.feed(text)
    parser.close()
    scope = ("article", 1) if any(a for _, a, _ in parser.pieces) else ("main", 2) if any(
        m for _, _, m in parser.pieces) else (None, 0)
    pieces = [p for p, *inside in parser.pieces if scope[1] == 0 or inside[scope[1] - 1] or p == _PARAGRAPH]
    new = _paragraphs(pieces)
    dropped = ", ".join(f"{tag} ({n})" for tag, n in sorted(parser.dropped.items()))
    detail = f"web page turned into text: {parser.n_tags} tags removed"
    if dropped:
        detail += f"; dropped with their content: {dropped}"
    if scope[0]:
        detail += f"; kept the <{scope[0]}> only"
    return new, max(parser.n_tags, 1), detail


def html_title(text: str) -> str | None:
    """The text of a page's ``<title>`` element, or None.

    Examples
    --------
    >>> html_title("<html><head><title> Mosul &amp; after </title></head></html>")
    'Mosul & after'
    """
    match = _TITLE.search(text)
    if not match:
        return None
    title = _SPACES.sub(" ", html.unescape(re.sub(r"<[^>]*>", "", match.group(1)))).strip()
    return title or None
