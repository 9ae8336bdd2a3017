"""Repair the text of scraped and PDF-extracted news articles.

Web copies of articles carry the page around them: the headline repeated,
"4 min read" lines, rating widgets, comment forms, subscription footers, photo
captions and credits, and sometimes a paragraph pasted twice. Text extracted
from two-column PDFs (think-tank reports) is hard-wrapped, has words split over
lines, letters of headings spaced apart ("IR AQ") and hyphens lost ("antiISIS").

:func:`repair_text` runs an ordered list of small, named repair steps
(:data:`DEFAULT_STEPS`) and reports what each one changed as
:class:`RepairEvent` records, so a corpus can say what was removed from which
document. Every step is written to be:

* **conservative** -- lines are removed only when they match a boilerplate
  pattern as a *whole* line, or duplicate text that is kept elsewhere;
* **idempotent** -- repairing repaired text changes nothing;
* **linear** -- duplicates are found by hashing sentences, never by comparing
  every pair of paragraphs.

Output convention: paragraphs are separated by exactly one blank line, lines
have no leading or trailing spaces and, once :func:`unwrap_lines` ran, a
paragraph holds no line breaks.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .confusables import fold_confusables
from .markup import strip_html

__all__ = [
    "BOILERPLATE_PATTERNS",
    "DEFAULT_STEPS",
    "HEAD_ONLY_PATTERNS",
    "WIDGET_PATTERNS",
    "RepairEvent",
    "RepairStep",
    "join_hyphenated_line_breaks",
    "join_split_capitals",
    "normalize_whitespace",
    "remove_boilerplate",
    "remove_captions",
    "remove_duplicates",
    "remove_title",
    "remove_widgets",
    "repair_text",
    "split_glued_prefixes",
    "unwrap_lines",
]

StepFunc = Callable[[str, "str | None"], "tuple[str, int, str]"]

#: Longest detail string kept in a :class:`RepairEvent`.
MAX_DETAIL_CHARS = 200


@dataclass(frozen=True)
class RepairEvent:
    """What one repair step changed in one document.

    Attributes
    ----------
    step : str
        Name of the :class:`RepairStep`.
    count : int
        How many changes it made (lines removed, words joined, ...).
    detail : str
        Short human-readable summary, at most about 200 characters.
    """

    step: str
    count: int
    detail: str


@dataclass(frozen=True)
class RepairStep:
    """A named text repair: ``func(text, title) -> (new_text, count, detail)``.

    Attributes
    ----------
    name : str
        Short identifier, used in :class:`RepairEvent`.
    func : callable
        The repair function.
    description : str
        One line saying what the step does, for documentation and reports.
    """

    name: str
    func: StepFunc
    description: str

    def __call__(self, text: str, title: str | None = None) -> tuple[str, int, str]:
        return self.func(text, title)


# --------------------------------------------------------------------------- helpers


def _tidy(text: str) -> str:
    """Strip line ends, keep at most one blank line in a row, strip the text."""
    return _tidy_lines(text.split("\n"))


def _tidy_lines(lines: Iterable[str]) -> str:
    """``_tidy("\\n".join(lines))`` for lines without line breaks, without making that text."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _paragraph_lines(paragraphs: Iterable[str]) -> Iterator[str]:
    """The lines of ``"\\n\\n".join(paragraphs)``, without making that text."""
    for n, paragraph in enumerate(paragraphs):
        if n:
            yield ""
        yield from paragraph.split("\n")


def _split_lazily(text: str, separator: str) -> Iterator[str]:
    """``text.split(separator)`` one piece at a time, so that not all are held at once."""
    start = 0
    while (end := text.find(separator, start)) >= 0:
        yield text[start:end]
        start = end + len(separator)
    yield text[start:]


def _pieces(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` cut into pieces of about ``size`` characters, each cut just before a space.

    For patterns that match no space and look at most one character back: their matches in
    the pieces are those in ``text``, while the lists of matches made at once stay small.
    """
    start = 0
    while start < len(text):
        cut = text.find(" ", start + size)
        cut = len(text) if cut < 0 else cut
        yield text if start == 0 and cut == len(text) else text[start:cut]
        start = cut


def _summary(verb: str, items: Sequence[str], noun: str = "line") -> str:
    """Format ``removed 2 lines: "a", "b"``; the caller truncates it."""
    plural = noun if len(items) == 1 else noun + "s"
    # Only the first few fit in a detail of about 200 characters anyway.
    quoted = ", ".join(f'"{_shorten(item, 60)}"' for item in items[:8])
    return f"{verb} {len(items)} {plural}: {quoted}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_ALNUM = re.compile(r"[^\W_]+")

# Keys are computed for every line and sentence, so they have a fast path: text in ASCII plus
# common punctuation (most news text) is keyed by bytes translations, 20-40 times faster than
# the regular expressions, which remain the definition and handle all other text.

#: Non-ASCII punctuation common in news text: not letters or digits, no case, and case folding
#: leaves them alone, so in every key each is just a separator, like ASCII punctuation.
_KEY_SEPARATORS = "‘’‚‛“”„‟‐‑‒–—―…•·«»′″"
# Byte tables for UTF-8 text whose non-ASCII characters are all separators: their bytes (all
# >= 0x80) count as separators too.
_ASCII_FOLD = bytes(c + 32 if 65 <= c <= 90 else c for c in range(256))
_BYTES_NON_ALNUM = bytes(c for c in range(256) if not (c < 128 and chr(c).isalnum()))
#: Case folding, and anything but a letter or digit to a space.
_BYTES_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if c < 128 and chr(c).isalnum() else 32 for c in range(256))


_ASCII_BYTES = bytes(range(128))
_KEY_SEPARATOR_SET = frozenset(_KEY_SEPARATORS)


def _simple_bytes(text: str) -> bytes | None:
    """``text`` in UTF-8 when it is ASCII plus :data:`_KEY_SEPARATORS`, else ``None``."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    # Deleting the ASCII bytes leaves the (few) others, whole characters: cheaper than a regex scan.
    others = raw.translate(None, _ASCII_BYTES)
    return raw if not others or set(others.decode("utf-8")) <= _KEY_SEPARATOR_SET else None


def _alnum_key(text: str) -> str:
    """Letters and digits only, case-folded: survives spacing, quote and case damage."""
    raw = _simple_bytes(text)
    if raw is None:
        return "".join(_ALNUM.findall(text.casefold()))
    return raw.translate(_ASCII_FOLD, _BYTES_NON_ALNUM).decode("ascii")


def _word_key(text: str) -> str:
    """Case-folded words joined by single spaces: the identity of a sentence."""
    raw = _simple_bytes(text)
    if raw is None:
        return " ".join(_ALNUM.findall(text.casefold()))
    return " ".join(raw.translate(_BYTES_WORDS).decode("ascii").split())


_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def _ends_sentence(line: str) -> bool:
    # Only the tail matters; slicing keeps this O(1) on megabyte-long paragraphs.
    return bool(_TERMINAL.search(line[-12:]))


# --------------------------------------------------------------------------- 1. whitespace

# Characters Python's str.splitlines() treats as line breaks; form feed is a
# page break in PDF extractions.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Zero-width characters and C0/C1 controls carry no text. ZWJ/ZWNJ are kept:
# they change how Arabic and Persian words are written.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
_EDGE_SPACE = re.compile(r"^ +| +$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")
#: Any character that _LINE_BREAKS, _INVISIBLE or _ODD_SPACES replaces, in one class (one scan).
_WHITESPACE_FIX_CHAR = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]"
)


#: Printable ASCII and the line feed: characters normalize_whitespace never replaces alone.
_PLAIN_ASCII = b"\n" + bytes(range(0x20, 0x7F))


def _whitespace_is_normal(text: str) -> bool:
    """True when :func:`normalize_whitespace` would change nothing: a few fast scans."""
    try:
        # In UTF-8, one byte per character of mostly-ASCII text: the scans below read less.
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    others = raw.translate(None, _PLAIN_ASCII)  # whole characters: controls and non-ASCII
    return not (
        (others and _WHITESPACE_FIX_CHAR.search(others.decode("utf-8")))
        or b"  " in raw
        or b" \n" in raw
        or b"\n " in raw
        or b"\n\n\n" in raw
        or text.strip() != text
        or not unicodedata.is_normalized("NFC", text)
    )


_WHITESPACE_FIXES = ("line ends", "invisible characters", "odd spaces", "NFC changes", "space runs", "edge spaces",
                     "blank-line runs", "document edges")


def _normalize_piece(text: str, counts: dict[str, int]) -> str:
    """The substitutions of :func:`normalize_whitespace` (but the document edges); adds to ``counts``."""
    text, n = _LINE_BREAKS.subn("\n", text)
    counts["line ends"] += n
    text, n = _INVISIBLE.subn("", text)
    counts["invisible characters"] += n
    text, n = _ODD_SPACES.subn(" ", text)
    counts["odd spaces"] += n
    # NFC after removals (a removed character may have separated a letter from
    # its combining accent) and before anything else joins characters.
    nfc = unicodedata.normalize("NFC", text)
    counts["NFC changes"] |= nfc != text
    text, n = _SPACE_RUN.subn(" ", nfc)
    counts["space runs"] += n
    text, n = _EDGE_SPACE.subn("", text)
    counts["edge spaces"] += n
    text, n = _BLANK_RUN.subn("\n\n", text)
    counts["blank-line runs"] += n
    return text


_LETTER_PAIR = re.compile(r"[A-Za-z]{2}")


def _letter_pieces(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` cut into pieces of about ``size`` characters, each cut between two ASCII letters.

    No whitespace pattern matches across such a cut, and NFC leaves it alone (an ASCII letter
    never combines with the character before it), so each piece can be normalised on its own.
    """
    start = 0
    while start < len(text):
        pair = _LETTER_PAIR.search(text, start + size)
        cut = pair.start() + 1 if pair else len(text)
        yield text if start == 0 and cut == len(text) else text[start:cut]
        start = cut


def normalize_whitespace(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Normalise line ends, odd spaces, invisible characters, Unicode (NFC) and blank lines.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, count, detail)``, count being the number of fixes.

    Examples
    --------
    >>> normalize_whitespace("Mosul\\u00a0fell. \\r\\n\\r\\n\\r\\nRaqqa  next.")[0]
    'Mosul fell.\\n\\nRaqqa next.'
    """
    if _whitespace_is_normal(text):
        return text, 0, ""
    counts = dict.fromkeys(_WHITESPACE_FIXES, 0)
    # Piece by piece, so that the copies each substitution makes stay small on huge documents.
    parts = [_normalize_piece(piece, counts) for piece in _letter_pieces(text)]
    # Only the first piece can start, only the last end with whitespace: the others start and end
    # with a letter.
    edges = (parts[0], parts[-1])
    parts[0] = parts[0].lstrip()
    parts[-1] = parts[-1].rstrip()
    counts["document edges"] = int((parts[0], parts[-1]) != edges)
    stripped = "".join(parts)
    total = sum(counts.values())
    detail = "fixed " + ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return stripped, total, detail if total else ""


# --------------------------------------------------------------------------- 2. title

_ELLIPSIS = re.compile(r"(?:\.\.\.|…)")
#: Separators left between a headline and the rest of its line.
_SEPARATORS = " \t|:-–—•·"
# The partial (start-of-line) title match needs a long title: a short title
# ("Iraq") would eat the first word of ordinary sentences.
_MIN_TITLE_PREFIX_KEY = 20


def remove_title(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Remove the headline repeated in the text (it lives in a separate column).

    A line is removed when, ignoring case, spacing and punctuation, it is the
    title once or several times ("Title Title"), unless it is set in capitals
    while the title is not: such a line is the document's printed heading (the
    cover line of a PDF) and is kept. A line that *starts* with a
    long title loses it; a line that is a title plus a teaser ending in "..."
    is removed when the teaser is a copy of text found elsewhere.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        The headline; with ``None`` the step does nothing.

    Returns
    -------
    tuple
        ``(text, lines_changed, detail)``.

    Examples
    --------
    >>> t = "Iraq After Russian Intervention\\nRussia formed a cell."
    >>> remove_title(t, "Iraq After Russian Intervention")[0]
    'Russia formed a cell.'
    >>> remove_title("IR AQ AFTER RUSSIAN INTERVENTION\\nRussia formed a cell.", "Iraq After Russian Intervention")[1]
    0
    """
    title_key = _alnum_key(title or "")
    if not title_key:
        return text, 0, ""
    lines = text.split("\n")
    body_key = functools.cache(lambda: _alnum_key(text))  # needed only for teaser lines
    changed: list[str] = []
    out: list[str] = []
    for line in lines:
        new = _strip_title_from_line(line, title or "", title_key, body_key)
        if new != line:
            changed.append(line)
        if new is not None:
            out.append(new)
    if not changed:
        return text, 0, ""
    return _tidy_lines(out), len(changed), _summary("removed title from", changed)


def _is_caps_heading(line: str, title: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not title.isupper()


def _strip_title_from_line(
    line: str, title: str, title_key: str, body_key: Callable[[], str]
) -> str | None:
    """Return the line without the title, or ``None`` when nothing is left of it."""
    first = _ALNUM.search(line)
    # Cheap test first: only a line starting like the title or holding a teaser can match.
    if first is None or (not title_key.startswith(first.group()[0].casefold()) and not _has_ellipsis(line)):
        return line
    # Most lines differ from the title within its length: keying the line's head decides them
    # without keying a whole (possibly megabyte-long) paragraph.
    head = _key_head(line, 2 * len(title_key) + 1, _alnum_key)
    starts_with_title = head.startswith(title_key)
    if starts_with_title and _may_repeat(head, title_key) and _is_repeated(_alnum_key(line), title_key):
        # A heading set in capitals (a PDF's cover line) is the document's own typography, not a
        # web copy's repeated headline: keep it as a paragraph so the report still reads as printed.
        return line if _is_caps_heading(line, title) else None
    rest = line
    if len(title_key) < _MIN_TITLE_PREFIX_KEY:
        return line
    if starts_with_title:
        rest = _cut_title_prefix(rest, title, title_key)
    if _has_ellipsis(rest) and _alnum_key(rest).endswith(title_key):
        rest = _cut_title_suffix(rest, title_key)
    if rest == line:
        return line
    if _is_teaser_copy(rest, body_key):
        return None
    return rest or None


def _has_ellipsis(text: str) -> bool:
    return "..." in text or "…" in text


def _key_head(text: str, n: int, key: Callable[[str], str]) -> str:
    """``key(text)``, or a prefix of it at least ``n`` characters long.

    ``key`` must map text character by character (as case folding and dropping characters do),
    so that the key of a prefix of ``text`` is a prefix of its key.
    """
    size = 2 * n + 16
    while size < len(text):
        head = key(text[:size])
        if len(head) >= n:
            return head
        size *= 2
    return key(text)


def _may_repeat(head: str, unit: str) -> bool:
    """Whether a key starting with ``head`` can be ``unit`` repeated."""
    return (unit * (len(head) // len(unit) + 1)).startswith(head)


def _is_repeated(key: str, unit: str) -> bool:
    count, remainder = divmod(len(key), len(unit))
    return remainder == 0 and count >= 1 and key == unit * count


def _cut_title_prefix(line: str, title: str, title_key: str) -> str:
    """Cut one or more leading copies of the title, written as in ``title`` or in capitals."""
    exact = [_alnum_exact(title), _alnum_exact(title).upper()]
    # A head one longer than every length compared decides as the whole line's key would.
    n_head = max(len(title_key), *map(len, exact)) + 1
    while True:
        head = _key_head(line, n_head, _alnum_exact)
        if not any(head.startswith(form) for form in exact) or len(head) == len(title_key):
            return line
        cut = _position_after_alnum(line, len(title_key))
        line = line[cut:].lstrip(_SEPARATORS)


def _cut_title_suffix(line: str, title_key: str) -> str:
    """Cut the title after a teaser ("First words... Title"), only right after the ellipsis."""
    while _alnum_key(line).endswith(title_key) and len(_alnum_key(line)) > len(title_key):
        n_keep = len(_alnum_key(line)) - len(title_key)
        # Cut just before the title's first letter, so that the teaser keeps its "...".
        title_start = _position_after_alnum(line, n_keep + 1) - 1
        head = line[:title_start].rstrip(_SEPARATORS)
        if not head.endswith(("...", "…")):
            return line
        line = head
    return line


def _alnum_exact(text: str) -> str:
    return "".join(_ALNUM.findall(text))


def _position_after_alnum(text: str, n: int) -> int:
    """Index in ``text`` just after its ``n``-th letter or digit."""
    seen = 0
    for run in _ALNUM.finditer(text):
        if n > 0 and seen + len(run.group()) >= n:
            return run.start() + n - seen
        seen += len(run.group())
    return len(text)


def _is_teaser_copy(rest: str, body_key: Callable[[], str]) -> bool:
    """True for a teaser ("First words of the article...") copied from the body."""
    match = _ELLIPSIS.search(rest)
    if not match or rest[match.end() :].strip():
        return False
    stem = _alnum_key(rest[: match.start()])
    # The stem must occur at least twice: once here, once in the body.
    return len(stem) >= 20 and body_key().count(stem) >= 2


# --------------------------------------------------------------------------- 3. boilerplate

#: Version of the boilerplate pattern lists; bump when they change.
BOILERPLATE_PATTERNS_VERSION = "2"

#: Whole-line patterns (case-insensitive, matched against a line without bullet
#: marks and with single spaces) of page furniture: reading-time badges, rating
#: widgets, comment forms, subscription and ad footers. Written from the seed
#: articles (War Is Boring, The New Arab, The Daily Beast republished copies)
#: and common WordPress themes. A pattern must never match a sentence an
#: article could contain as a paragraph of its own.
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    # reading time
    r"read(?:ing)? time\s*:?\s*\d+\s*min(?:ute)?s?(?:\s*,?\s*\d+\s*sec(?:ond)?s?)?",
    r"\d+\s*-?\s*min(?:ute)?s?\.?\s+read",
    # rating widgets and vote counts
    r"\d+(?:\s+\d+)+(?:\s*%)?",
    r"[1-5]\s*stars?",
    r"average rating(?:\s*:?\s*[\d.]+(?:\s*/\s*5)?)?",
    r"\d+\s*votes?",
    r"rate this(?: article| story| post)?\s*:?",
    # comment forms
    r"leave a (?:reply|comment)(?:\s*cancel reply)?",
    r"cancel reply",
    r"your e-?mail address will not be published\.?(?:\s*required fields are marked\s*\*)?",
    r"required fields are marked\s*\*",
    r"comments?\s*\*?",
    r"(?:name|e-?mail|website)\s*\*?",
    r"save my name,? e-?mail,? and website in this browser for the next time i comment\.?",
    r"post comment",
    r"this site uses akismet to reduce spam\.?(?:\s*learn how your comment data is processed\.?)?",
    r"\d+\s+comments?",
    r"(?:no|view|show|load more|add a) comments?",
    r"notify me of (?:follow-up comments|new posts) by e-?mail\.?",
    # subscription and ad footers
    r"if you have any problems viewing this article,? please report it here\.?",
    r"100% ad[- ]free experience",
    r"get our best stories sent to your inbox(?: every day)?\.?",
    r"membership to (?:our |a )?private facebook group",
    r"show your support for (?:our )?continued hard[- ]hitting content\.?",
    r"only \$\d+(?:\.\d\d)? (?:per|a|/) ?(?:year|month|week)!?",
    r"become an? .{1,60}? (?:subscriber|member|patron|supporter)!?",
    r"subscribe(?: now| today| here)?!?",
    r"sign up (?:now |today )?for (?:our|the) .{0,60}newsletters?[.!]?",
    r"advertisement|sponsored content",
    r"(?:share|tweet|e-?mail|print)(?: this(?: article| story| post)?)?",
    r"follow us on .{1,60}",
    r"(?:read more|continue reading|listen to this article)[.:]?",
    # credit lines (version 2, from the AllSides corpus: Fox News, USA TODAY, Reuters, CNN)
    r".{1,140}? contributed (?:to )?this (?:report|story|article)\.?",
    r"contributing:.{1,150}",
    r"(?:additional )?reporting by [^.]{1,120}?(?:;\s*(?:additional reporting|writing|editing) by [^.]{1,120}?)*\.?",
    r"(?:writing|editing) by [^.]{1,120}?(?:;\s*(?:writing|editing) by [^.]{1,120}?)*\.?",
    r"our standards:\s*the thomson reuters trust principles\.?",
    r"follow @\w+(?:\s+(?:and\s+)?(?:follow\s+)?@\w+)*",
    r"(?:click|tap) here\b.{0,100}",
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_TIME = r"(?:,?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"

#: Whole-line patterns that are metadata only in the head of a document (before
#: the first long paragraph): a bare date line there is the dateline, further
#: down it could be a heading of a chronology.
HEAD_ONLY_PATTERNS: tuple[str, ...] = (
    _WEEKDAY + r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}" + _TIME,
    _WEEKDAY + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}" + _TIME,
    r"\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?)?",
    r"(?:published|updated|posted)(?: on)?\s*:?\s*.{0,40}\d{4}.{0,20}",
)

_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
_HEAD_ONLY_RE = re.compile("|".join(f"(?:{p})" for p in HEAD_ONLY_PATTERNS), re.IGNORECASE)
_BULLET = re.compile(r"^[•·▪●■◦‣\-–*]\s*")
#: Lines longer than this are prose, whatever they contain.
_MAX_BOILERPLATE_LINE = 160
#: The head of a document ends at its first line this long (the first real paragraph).
_BODY_LINE_CHARS = 200


def remove_boilerplate(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Remove page-furniture lines and a boilerplate footer block at the end.

    A line goes when, as a whole, it matches :data:`BOILERPLATE_PATTERNS`
    (anywhere) or :data:`HEAD_ONLY_PATTERNS` (before the first long
    paragraph). A block of short lines at the end of the document that starts
    with a boilerplate line and is at least half boilerplate is cut as a
    footer, together with unknown bullet or label lines inside it.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, lines_removed, detail)``.

    Examples
    --------
    >>> t = "4 min read\\nMosul fell.\\n\\nLeave a Reply\\n• Join our club"
    >>> remove_boilerplate(t)[0]
    'Mosul fell.'
    """
    lines = text.split("\n")
    head_end = next((i for i, line in enumerate(lines) if len(line) > _BODY_LINE_CHARS), len(lines))
    flags = [_is_boilerplate(line, i < head_end) for i, line in enumerate(lines)]
    cut = _footer_start(lines, flags)
    removed = [line for i, line in enumerate(lines) if line.strip() and (flags[i] or i >= cut)]
    if not removed:
        return text, 0, ""
    kept = [line for i, line in enumerate(lines) if not (flags[i] or i >= cut)]
    return _tidy_lines(kept), len(removed), _summary("removed", removed)


def _is_boilerplate(line: str, in_head: bool) -> bool:
    line = " ".join(line.split())
    if not line or len(line) > _MAX_BOILERPLATE_LINE:
        return False
    line = _BULLET.sub("", line)
    if _BOILERPLATE_RE.fullmatch(line):
        return True
    return in_head and bool(_HEAD_ONLY_RE.fullmatch(line))


def _footer_start(lines: Sequence[str], flags: Sequence[bool]) -> int:
    """Index where a trailing boilerplate block starts, or ``len(lines)``."""
    start = len(lines)
    while start > 0 and (flags[start - 1] or _footerish(lines[start - 1])):
        start -= 1
    matched = total = 0
    cut = len(lines)
    # Walk the candidate block backwards; the cut point is the earliest
    # boilerplate line from which on at least half the lines are boilerplate.
    for i in range(len(lines) - 1, start - 1, -1):
        if not lines[i].strip():
            continue
        total += 1
        matched += flags[i]
        if flags[i] and 2 * matched >= total:
            cut = i
    return cut


def _footerish(line: str) -> bool:
    """A blank, bullet or short label line, not a sentence: may sit inside a footer."""
    line = line.strip()
    if not line or _BULLET.match(line):
        return True
    return len(line) <= 60 and len(line.split()) <= 6 and not _ends_sentence(line)


#: Media widgets scraped with the article, each recognised by a marker that only the widget prints.
#: Written from the AllSides corpus (CNN, USA TODAY pages scraped with newspaper3k).
WIDGET_PATTERNS: tuple[str, ...] = (
    # photo galleries, one line of thousands of characters: "Photos: <title> <caption> Hide Caption 1 of 22 ..."
    r"^.*\bHide Caption \d+ of \d+\b.*$",
    # share boxes: "Read or Share this story: http://usat.ly/1Ch2zSj"
    r"^Read or Share this story:\s*\S+$",
    # live-blog stamps and the highlights box label (CNN): "[Updated 10:47 p.m. ET] ...", "Story highlights ..."
    r"^\[Updated [^\]\n]{1,40}\]",
    r"^Story highlights\b",
    # video players, alone or inside a paragraph: "JUST WATCHED <title> Replay More Videos ... MUST WATCH <title> 02:00"
    r"\bJUST WATCHED\b.{0,300}?\bReplay More Videos\s*(?:\.\.\.|…)?\s*MUST WATCH\b.{0,300}?\b\d{1,2}:\d{2}\b",
)
_WIDGET_RE = re.compile("|".join(f"(?:{p})" for p in WIDGET_PATTERNS), re.MULTILINE)
#: Every widget pattern contains one of these (a cheap test before the regular expression).
_WIDGET_HINTS = ("Hide Caption", "JUST WATCHED", "Read or Share", "[Updated ", "Story highlights")


def remove_widgets(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Remove media widgets: photo-gallery lines, share boxes, video players (inside a paragraph too), live-blog
    stamps and the "Story highlights" label (the text after them stays).

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, widgets_removed, detail)``.

    Examples
    --------
    >>> t = "Kerry met Sisi. JUST WATCHED Kerry Replay More Videos ... MUST WATCH Kerry 02:00 He left."
    >>> remove_widgets(t)[0]
    'Kerry met Sisi. He left.'
    """
    if not any(hint in text for hint in _WIDGET_HINTS):
        return text, 0, ""
    removed = [m.group(0) for m in _WIDGET_RE.finditer(text)]
    if not removed:
        return text, 0, ""
    lines = (" ".join(line.split()) for line in _WIDGET_RE.sub(" ", text).split("\n"))
    return _tidy_lines(lines), len(removed), _summary("removed", removed, noun="widget")


# --------------------------------------------------------------------------- 4. captions

_CREDIT_WORDS = r"(?:photo(?:graph)?|image|picture|video|map|graphic|illustration)s?"
_CREDIT_SUFFIX = re.compile(
    "(?:"
    + "|".join(
        (
            # "(photo credit: AHMED JADALLAH / REUTERS)", "(Image: AFP)"
            r"\(\s*" + _CREDIT_WORDS + r"\s*(?:credits?|courtesy|source)?\s*:[^()]{1,100}\)",
            # "Photo: Reuters", "Photo credit: X" with no sentence after it
            r"(?<![\w-])" + _CREDIT_WORDS + r"\s*(?:credits?|courtesy)?\s*:\s*[^.:]{1,80}",
            r"(?<![\w-])(?:credits?|courtesy)\s*:\s*[^.:]{1,80}",
            # "Map via", "Photo via Wikimedia Commons", "Image by X"
            r"(?<![\w-])" + _CREDIT_WORDS + r"\s+(?:via|by|courtesy of|from)(?:\s[^.]{0,60})?",
            # "U.S. Air Force photo", "AP Photo"
            r"(?<=\s)(?-i:[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})\s+(?:photo|photograph|image)",
            # "... in Iraq [AFP]"
            r"\[[A-Z][\w /.&'’-]{1,40}\]",
        )
    )
    + r")\s*$",
    re.IGNORECASE,
)
_CREDIT_ONLY = re.compile(
    r"\(?(?:[\w.' -]{0,40}/\s*)?(?:getty images|afp|reuters|ap photo|epa|anadolu(?: agency)?)\)?",
    re.IGNORECASE,
)
#: Captions are short; a longer line is prose even if it ends like a credit.
_MAX_CAPTION_LINE = 300
#: The longest credit looked for at the end of a caption line.
_CREDIT_TAIL = 140
#: Every credit form above contains one of these.
_CREDIT_HINTS = ("photo", "image", "picture", "video", "map", "graphic", "illustration", "credit",
                 "courtesy", "]", "getty", "afp", "reuters", "epa", "anadolu")


def remove_captions(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Remove photo captions marked by a credit, bare credit lines and copies of those captions.

    Unmarked captions are left alone (an exact repeat of one is removed by
    :func:`remove_duplicates`): a short line without a credit can be prose.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, lines_removed, detail)``.

    Examples
    --------
    >>> t = "Smoke rises. (photo credit: REUTERS)\\nSmoke rises.\\nStrikes went on."
    >>> remove_captions(t)[0]
    'Strikes went on.'
    >>> remove_captions("An Iraqi F-16 pilot. U.S. Air Force photo\\nIraq bought F-16s.")[0]
    'Iraq bought F-16s.'
    """
    lines = text.split("\n")
    caption_keys: set[str] = set()
    credited: set[int] = set()
    for i, line in enumerate(lines):
        caption = _caption_of(line)
        if caption is not None:
            credited.add(i)
            if _word_key(caption):
                caption_keys.add(_word_key(caption))
    drop = [i in credited or (bool(caption_keys) and _word_key(line) in caption_keys)
            for i, line in enumerate(lines)]
    removed = [line for line, d in zip(lines, drop, strict=True) if d]
    if not removed:
        return text, 0, ""
    kept = [line for line, d in zip(lines, drop, strict=True) if not d]
    return _tidy_lines(kept), len(removed), _summary("removed", removed)


def _caption_of(line: str) -> str | None:
    """The caption text of a credited caption line ('' for a bare credit), else ``None``."""
    line = line.strip()
    if not line or len(line) > _MAX_CAPTION_LINE:
        return None
    tail = line[-_CREDIT_TAIL:].casefold()
    if not any(word in tail for word in _CREDIT_HINTS):  # plain substring tests are cheap
        return None
    if _CREDIT_ONLY.fullmatch(line):
        return ""
    # Credits sit at the end: searching the tail only keeps long lines cheap.
    offset = max(0, len(line) - _CREDIT_TAIL)
    match = _CREDIT_SUFFIX.search(line, offset)
    if match is None:
        return None
    return line[: match.start()].strip()


# --------------------------------------------------------------------------- 5. split capitals

_CAPS_TOKEN = re.compile(r"[A-Z]+")
_WORDS = re.compile(r"[A-Za-z]+")
#: The most fragments one spaced-out word is rebuilt from ("A F T E R" is left alone).
_MAX_FRAGMENTS = 4


def join_split_capitals(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Rejoin capital words split apart by PDF extraction ("IR AQ" -> "IRAQ").

    Only in lines written in capitals (headings). Adjacent capital fragments
    are joined when the joined word occurs written in lower case in the same
    document ("Iraq") and at least one fragment does not: "IS IS" stays, as
    "is" is a word.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, words_joined, detail)``.

    Examples
    --------
    >>> t = "IR AQ AFTER RUSSIAN INTERVENTION\\nRussia is in Iraq. It is not in Iran."
    >>> join_split_capitals(t)[0].split("\\n")[0]
    'IRAQ AFTER RUSSIAN INTERVENTION'
    """
    lines = text.split("\n")
    raw = _simple_bytes(text)
    # In UTF-8 a line break is the byte 0x0A and nothing else: the byte lines are the lines.
    caps = [_is_caps_line(line) for line in lines] if raw is None else list(map(_is_caps_bytes, raw.split(b"\n")))
    del raw
    if not any(caps):
        return text, 0, ""
    # Words written with lower-case letters, wherever they are: joining lines or
    # paragraphs does not change this set, nor do the capital words rejoined here.
    vocab = {w.lower() for piece in _pieces(text) for w in _WORDS.findall(piece) if not w.isupper()}
    joined: list[str] = []
    for i, line in enumerate(lines):
        if caps[i]:
            lines[i] = _join_fragments(line, vocab, joined)
    if not joined:
        return text, 0, ""
    return "\n".join(lines), len(joined), _summary("joined", joined, "word")


_ASCII_UPPER = bytes(range(65, 91))
_ASCII_LOWER = bytes(range(97, 123))


def _is_caps_line(line: str) -> bool:
    raw = _simple_bytes(line)
    if raw is not None:
        return _is_caps_bytes(raw)
    upper = sum(map(str.isupper, line))
    lower = sum(map(str.islower, line))
    return upper >= 4 and upper >= 4 * lower


def _is_caps_bytes(raw: bytes) -> bool:
    """:func:`_is_caps_line` of a line given as :func:`_simple_bytes` (the separators have no case)."""
    upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
    return upper >= 4 and upper >= 4 * lower


def _join_fragments(line: str, vocab: set[str], joined: list[str]) -> str:
    tokens = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        span = _best_join(tokens, i, vocab)
        if span > 1:
            word = "".join(tokens[i : i + span])
            joined.append(" ".join(tokens[i : i + span]) + " -> " + word)
            # The rejoined word may itself be a fragment of a longer one ("A B C").
            i += span - 1
            tokens[i] = word
            continue
        out.append(tokens[i])
        i += 1
    return " ".join(out)


def _best_join(tokens: Sequence[str], i: int, vocab: set[str]) -> int:
    """Number of tokens from ``i`` to join (1 = none), longest first."""
    best = 1
    for span in range(2, _MAX_FRAGMENTS + 1):
        parts = tokens[i : i + span]
        if len(parts) < span or not all(_CAPS_TOKEN.fullmatch(p) for p in parts):
            break
        word = "".join(parts).lower()
        if word in vocab and not all(p.lower() in vocab for p in parts):
            best = span
    return best


# --------------------------------------------------------------------------- 6. line-end hyphens

#: Prefixes that keep their hyphen when a line break falls after it ("anti-", "al-").
HYPHEN_PREFIXES: frozenset[str] = frozenset(
    "al el ex co pre pro non anti self counter quasi neo pan".split()
)
#: Second halves of compounds that keep the hyphen ("Iranian-backed", "U.S.-led").
_COMPOUND_SECONDS = frozenset(
    "led backed based held born linked owned run controlled affiliated style majority dominated "
    "allied funded sponsored trained supported level scale term range year old".split()
)
_LINE_HYPHEN = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-\n\n?([A-Za-z]+)")
_HYPHENATED_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def join_hyphenated_line_breaks(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Join a word split over a line (or column) break by a hyphen.

    ``"wo-\\nrd"`` becomes ``"word"``, unless the hyphen belongs to the word:
    the hyphenated form occurs elsewhere in the document, the first part is a
    prefix such as ``anti``, ``pre``, ``al`` (:data:`HYPHEN_PREFIXES`), the second
    part is capitalised (``anti-ISIS``) or a compound half such as ``led``.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, words_joined, detail)``.

    Examples
    --------
    >>> join_hyphenated_line_breaks("an inter-\\nvention by U.S. anti-\\n\\nISIS forces")[0]
    'an intervention by U.S. anti-ISIS forces'
    """
    if "-\n" not in text:
        return text, 0, ""
    # The spellings used elsewhere decide; the split words themselves must not vote.
    # Compounds and plain words alike: "cooperation" and "arab-majority".
    vocab = {
        w.lower()
        for piece in _pieces(text)
        for w in _HYPHENATED_WORDS.findall(_LINE_HYPHEN.sub(" ", piece))
    }
    joined: list[str] = []

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if "\n\n" in match.group(0) and _is_heading(_line_at(match.string, match.start(2))):
            return match.group(0)  # a paragraph ending in "-" before a heading: no split word
        word = first + ("-" if _keeps_hyphen(first, second, vocab) else "") + second
        joined.append(word)
        return word

    new = text
    # A word split over three lines ("A-\nbc-\nd") joins in two rounds.
    while True:
        before = len(joined)
        new = _LINE_HYPHEN.sub(join, new)
        if len(joined) == before:
            break
    if not joined:
        return text, 0, ""
    return new, len(joined), _summary("joined", joined, "word")


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _keeps_hyphen(first: str, second: str, vocab: set[str]) -> bool:
    hyphenated, solid = f"{first}-{second}".lower(), f"{first}{second}".lower()
    if hyphenated in vocab and solid not in vocab:
        return True
    if solid in vocab and hyphenated not in vocab:
        return False
    return first.lower() in HYPHEN_PREFIXES or second[0].isupper() or second.lower() in _COMPOUND_SECONDS


# --------------------------------------------------------------------------- 7. glued prefixes

#: Lower-case prefixes that PDF extraction glues to a capitalised word by dropping
#: the hyphen ("antiISIS", "alMaliki"). Brand names like "iPhone" or "eBay" start
#: with other letters; "McDonald" and "YouTube" start with a capital.
GLUED_PREFIXES: tuple[str, ...] = ("anti", "pro", "al", "el", "ex", "non", "post", "pre", "self", "counter")
_GLUED = re.compile(r"(?<![\w@#/.\-’'])(" + "|".join(GLUED_PREFIXES) + r")(?=[A-Z])")


def split_glued_prefixes(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Restore the hyphen after a prefix glued to a capitalised word ("antiISIS" -> "anti-ISIS").

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, hyphens_restored, detail)``.

    Examples
    --------
    >>> split_glued_prefixes("antiPM figures such as Nouri alMaliki; an iPhone at McDonald's")[0]
    "anti-PM figures such as Nouri al-Maliki; an iPhone at McDonald's"
    """
    fixed: list[str] = []

    def hyphenate(match: re.Match[str]) -> str:
        fixed.append(match.group(1) + "-" + _WORDS.match(text, match.end()).group(0))  # type: ignore[union-attr]
        return match.group(1) + "-"

    new = _GLUED.sub(hyphenate, text)
    if not fixed:
        return text, 0, ""
    return new, len(fixed), _summary("hyphenated", fixed, "word")


# --------------------------------------------------------------------------- 8. unwrap

_MIN_HEADING_CAPS = 4
_MAX_HEADING_CHARS = 80
#: A heading glued before wrapped prose: three or more capital words, then a lower-case word. A word
#: has no whitespace and no a-z and holds an A-Z: written as "up to its first A-Z", the word has one
#: way to match, so a line of capital words alone (a heading) fails in linear time, not exponential.
_CAPS_WORD = r"[^\sA-Za-z]*[A-Z][^\sa-z]*"
_CAPS_PREFIX = re.compile(rf"((?:{_CAPS_WORD}\s+){{2,}}{_CAPS_WORD})\s+(?=[a-z])")
_DASH_END = re.compile(r"\S[-–—/]$")
#: A run of an odd number of line breaks: one that "\n\n" pairs do not use up.
_ODD_NEWLINE_RUN = re.compile(r"\n(?<!\n\n)(?:\n\n)*(?!\n)")


def unwrap_lines(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Turn every single line break into a space (wrapped line) or a paragraph break.

    Within a block of hard-wrapped lines (PDF text: most lines do not end a
    sentence) lines are joined, except after a short line that ends a sentence;
    in other blocks (web copy with one line per paragraph) each line is a
    paragraph, except that a line not ending a sentence is joined with a next
    line starting in lower case. Capital-letter headings become paragraphs of
    their own; a heading dropped into the middle of a sentence by column
    extraction is moved after the paragraph it interrupted.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, line_breaks_joined, detail)``.

    Examples
    --------
    >>> t = "STEP-CHANGE\\nThe formation of a cell\\nin Baghdad was reported.\\nIt is small."
    >>> print(unwrap_lines(t)[0])
    STEP-CHANGE
    <BLANKLINE>
    The formation of a cell in Baghdad was reported.
    <BLANKLINE>
    It is small.
    """
    if not _ODD_NEWLINE_RUN.search(text):  # only paragraph breaks: nothing to unwrap
        return text, 0, ""
    joins = 0
    paragraphs: list[str] = []
    for block in _split_lazily(text, "\n\n"):
        for parts in _unwrap_block(block.split("\n")):
            joined = _join_parts(parts)
            if len(parts) > 1 and _would_be_removed(joined, title):
                # Joining made a line that an earlier step removes ("0" "0" -> "0 0"):
                # keep the lines apart so that repair stays idempotent.
                paragraphs.extend(parts)
            else:
                paragraphs.append(joined)
                joins += len(parts) - 1
    new = _tidy_lines(_paragraph_lines(paragraphs))
    if new == text:
        return text, 0, ""
    breaks = new.count("\n\n") - text.count("\n\n")
    detail = f"joined {joins} wrapped lines, made {max(breaks, 0)} line breaks paragraph breaks"
    return new, max(joins + max(breaks, 0), 1), detail


def _would_be_removed(line: str, title: str | None) -> bool:
    """Whether the title, boilerplate or caption step would remove or change ``line``."""
    if _is_boilerplate(line, True) or _caption_of(line) is not None:
        return True
    title_key = _alnum_key(title or "")
    return bool(title_key) and _strip_title_from_line(line, title or "", title_key, lambda: "") != line


def _join_parts(parts: Sequence[str]) -> str:
    """Join wrapped lines with spaces, or none after a line ending in a dash ("Shiites—")."""
    out = parts[0]
    for part in parts[1:]:
        out += part if _DASH_END.search(out[-2:]) else " " + part
    return out


def _unwrap_block(lines: list[str]) -> list[list[str]]:
    """Group the lines of a block into paragraphs, each the list of its lines."""
    lines = [line for line in lines if line.strip()]
    wrapped = _is_wrapped(lines)
    if wrapped:
        lines = _split_caps_prefixes(lines)
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    deferred: list[str] = []
    i = 0
    while i < len(lines):
        if _is_heading(lines[i]):
            run_end = i
            while run_end < len(lines) and _is_heading(lines[run_end]):
                run_end += 1
            heading = lines[i:run_end]
            following = lines[run_end] if run_end < len(lines) else ""
            if wrapped and current and not _ends_sentence(current[-1]) and following[:1].islower():
                deferred.extend(heading)  # a column heading dropped into a sentence
            else:
                _flush(paragraphs, current, deferred)
                current, deferred = [], []
                paragraphs.append(heading)
            i = run_end
            continue
        if current and _continues(current[-1], lines[i], wrapped, width):
            current.append(lines[i])
        else:
            _flush(paragraphs, current, deferred)
            current, deferred = [lines[i]], []
        i += 1
    _flush(paragraphs, current, deferred)
    return paragraphs


def _flush(paragraphs: list[list[str]], current: list[str], deferred: list[str]) -> None:
    if current:
        paragraphs.append(current)
    if deferred:
        paragraphs.append(deferred)


def _is_wrapped(lines: Sequence[str]) -> bool:
    """A hard-wrapped block: at least three lines, most of them not ending a sentence."""
    if len(lines) < 3:
        return False
    open_ends = sum(1 for line in lines[:-1] if not _ends_sentence(line))
    return 2 * open_ends >= len(lines) - 1


def _continues(previous: str, line: str, wrapped: bool, width: int) -> bool:
    """Whether ``line`` continues the paragraph ending with ``previous``."""
    if _DASH_END.search(previous[-2:]) or line[:1].islower():
        return True
    if not wrapped:
        return False
    # A sentence ending at the end of a full-width line usually goes on; a
    # paragraph ends on a short line.
    return not _ends_sentence(previous) or len(previous) >= 0.85 * width


def _is_heading(line: str) -> bool:
    if len(line) > _MAX_HEADING_CHARS or any(ch.islower() for ch in line):
        return False
    if sum(1 for ch in line if ch.isupper()) < _MIN_HEADING_CAPS:
        return False
    return not line.endswith((".", ",", ";")) or len(line.split()) >= 3


def _split_caps_prefixes(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        match = _CAPS_PREFIX.match(line)
        if match and _is_heading(match.group(1)):
            out.extend([match.group(1), line[match.end() :]])
        else:
            out.append(line)
    return out


# --------------------------------------------------------------------------- 9. duplicates

#: A repeat shorter than this (in key characters) is left: short sentences
#: ("He declined to comment.") legitimately recur.
_MIN_REPEAT_KEY = 40
#: Words indexed to find a truncated fragment among full sentences.
_FRAGMENT_PREFIX_WORDS = 5
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col maj capt adm sgt st ft mt rev hon pres amb "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vol inc corp co ltd jr sr vs etc approx".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_SENTENCE_END = re.compile(r"([.!?…]+[\"'”’)\]]*)\s+")


@dataclass
class _Paragraph:
    text: str
    spans: list[tuple[int, int]]
    keys: list[str]

    @functools.cached_property
    def key_len(self) -> int:  # asked for in every round; keys never change
        return sum(map(len, self.keys))


def remove_duplicates(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Remove passages repeated verbatim, keeping one copy.

    Three repairs, all by hashing sentences (linear in the document):

    * a run of sentences at the end (or start) of a paragraph that is exactly
      another paragraph of the document is cut from it (a paragraph pasted
      twice, once glued to its neighbour);
    * a paragraph repeated exactly is kept once, at its first place;
    * a paragraph whose sentences all occur in larger paragraphs, or that is a
      truncated start of a longer sentence, is removed.

    Parameters
    ----------
    text : str
        The document.
    title : str or None
        Unused; part of the step signature.

    Returns
    -------
    tuple
        ``(text, passages_removed, detail)``.

    Examples
    --------
    >>> p = "Faced with losing Mosul, the militants have sought to attack elsewhere."
    >>> t = f"{p}\\n\\nThe SDF claim to have killed 620 militants. {p}\\n\\n{p}"
    >>> print(remove_duplicates(t)[0])
    Faced with losing Mosul, the militants have sought to attack elsewhere.
    <BLANKLINE>
    The SDF claim to have killed 620 militants.
    """
    if not _first_sentence_repeated(text):
        return text, 0, ""
    paragraphs = [_parse_paragraph(p) for p in text.split("\n\n")]
    if not _may_have_repeats(paragraphs):
        return text, 0, ""
    removed: list[str] = []
    # One repair can expose another (a trimmed paragraph may now equal a
    # third one): repeat to a fixed point so that repair is idempotent.
    while True:
        before = len(removed)
        paragraphs = _trim_glued_repeats(paragraphs, removed)
        paragraphs = _drop_exact_repeats(paragraphs, removed)
        paragraphs = _drop_covered(paragraphs, removed)
        if len(removed) == before:
            break
    if not removed:
        return text, 0, ""
    new = _tidy_lines(_paragraph_lines(p.text for p in paragraphs))
    return new, len(removed), _summary("removed", removed, "repeated passage")


#: Documents with more paragraphs skip :func:`_first_sentence_repeated`: its cost grows with
#: paragraphs x length, while parsing every sentence is linear.
_QUICK_CHECK_PARAGRAPHS = 40


def _first_sentence_repeated(text: str) -> bool:
    """False when no paragraph's first sentence recurs in the document (as a sentence or the start
    of one): then no repair applies, and no other sentence needs parsing.

    Every repair needs a paragraph whose sentences all occur elsewhere, the last perhaps only as the
    start of a longer sentence; the letters and digits of its first sentence then occur twice in
    those of the document. (Letters and digits only, without word boundaries, take no splitting
    and joining of words; the test only has to let every repeat through.)
    """
    paragraphs = text.split("\n\n")
    if len(paragraphs) > _QUICK_CHECK_PARAGRAPHS:
        return True
    letters = _alnum_key(text)
    for par in paragraphs:
        par = par.strip()
        first = next((key for a, b in _iter_sentence_spans(par) if (key := _alnum_key(par[a:b]))), None)
        if first is None:
            continue  # no words: nothing to remove, nothing to compare with
        if letters.find(first, letters.find(first) + 1) >= 0:
            return True
    return False


def _may_have_repeats(paragraphs: Sequence[_Paragraph]) -> bool:
    """False when none of the three repairs can apply: no paragraph has all its sentences
    (but perhaps a truncated last one) in other paragraphs.

    Every repair needs such a paragraph: a paragraph glued to or repeating another, or
    covered by others, holds only sentences found elsewhere. One pass over the sentence keys
    spares the indexes of the full search on the many documents without repeats.
    """
    owner: dict[str, int] = {}  # sentence key -> its only paragraph, or -1 when in several
    for i, par in enumerate(paragraphs):
        for key in par.keys:
            if owner.setdefault(key, i) != i:
                owner[key] = -1
    for par in paragraphs:
        unshared = [n for n, key in enumerate(par.keys) if owner[key] != -1]
        if par.keys and (not unshared or (unshared == [len(par.keys) - 1] and _is_fragment(par.text))):
            return True
    return False


def _parse_paragraph(text: str) -> _Paragraph:
    text = text.strip()
    spans: list[tuple[int, int]] = []
    keys: list[str] = []
    for start, end in _iter_sentence_spans(text):
        key = _word_key(text[start:end])
        if key:  # a "sentence" of punctuation only has no identity
            spans.append((start, end))
            keys.append(key)
    return _Paragraph(text, spans, keys)


def _iter_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        at, end = match.span()
        if text[end : end + 1].islower():
            continue
        before = text[max(0, at - 40) : at].split()
        if before and _is_abbreviation(before[-1]):
            continue
        yield start, match.end(1)
        start = end
    if start < len(text):
        yield start, len(text)


def _is_abbreviation(word: str) -> bool:
    word = word.strip("(\"'“‘")
    # "U.S.", "M.P." and initials ("J.", seen here without its dot) do not end sentences often enough to matter.
    return (word.lower().rstrip(".") in _ABBREVIATIONS or bool(_INITIALS.fullmatch(word))
            or (len(word) == 1 and word.isupper()))


def _subparagraph(par: _Paragraph, first: int, last: int) -> _Paragraph:
    """The sentences ``first`` to ``last - 1`` of ``par`` as a paragraph."""
    return _parse_paragraph(par.text[par.spans[first][0] : par.spans[last - 1][1]])


def _trim_glued_repeats(paragraphs: list[_Paragraph], removed: list[str]) -> list[_Paragraph]:
    # Index whole paragraphs by their sentence keys, and which lengths start with which sentence: a
    # candidate is looked up by hash, never compared with every paragraph that shares a first sentence
    # (thousands of paragraphs opening with "Advertisement." made this quadratic).
    by_keys: dict[tuple[str, ...], list[int]] = defaultdict(list)
    lengths: dict[str, set[int]] = defaultdict(set)
    for i, par in enumerate(paragraphs):
        if par.keys and par.key_len >= _MIN_REPEAT_KEY:
            by_keys[tuple(par.keys)].append(i)
            lengths[par.keys[0]].add(len(par.keys))
    out = list(paragraphs)
    for i, par in enumerate(paragraphs):
        n = len(par.keys)
        if n < 2:
            continue
        for k in range(n):
            cut = _glued_match(by_keys, lengths.get(par.keys[k], ()), i, par.keys, k)
            if cut is None:
                continue
            keep = (0, k) if cut == "suffix" else (cut, n)
            gone = (k, n) if cut == "suffix" else (0, cut)
            removed.append(par.text[par.spans[gone[0]][0] : par.spans[gone[1] - 1][1]])
            out[i] = _subparagraph(par, *keep)
            break
    return out


def _glued_match(
    by_keys: dict[tuple[str, ...], list[int]], lengths: Iterable[int], i: int, keys: list[str], k: int
) -> str | int | None:
    """``"suffix"`` if ``keys[k:]`` is another paragraph, the prefix length if
    ``keys[:m]`` (k = 0) is one (the earliest such paragraph wins), else ``None``."""
    n = len(keys)
    if k > 0:
        if n - k in lengths and any(j != i for j in by_keys.get(tuple(keys[k:]), ())):
            return "suffix"
        return None
    best: tuple[int, int] | None = None  # (paragraph index, its length)
    for m in lengths:
        if m >= n:
            continue
        j = next((j for j in by_keys.get(tuple(keys[:m]), ()) if j != i), None)
        if j is not None and (best is None or j < best[0]):
            best = (j, m)
    return None if best is None else best[1]


def _drop_exact_repeats(paragraphs: list[_Paragraph], removed: list[str]) -> list[_Paragraph]:
    seen: set[tuple[str, ...]] = set()
    out: list[_Paragraph] = []
    for par in paragraphs:
        key = tuple(par.keys)
        if key in seen and par.key_len >= _MIN_REPEAT_KEY:
            removed.append(par.text)
            continue
        seen.add(key)
        out.append(par)
    return out


def _drop_covered(paragraphs: list[_Paragraph], removed: list[str]) -> list[_Paragraph]:
    # Paragraphs are ranked (more sentences, longer, earlier); a paragraph is
    # covered only by higher-ranked ones, so the top copy always survives and
    # two paragraphs never remove each other.
    rank = {i: (len(p.keys), p.key_len, -i) for i, p in enumerate(paragraphs)}
    # For each sentence, its two highest-ranked holders: "is there a higher-ranked other holder" is then
    # one comparison, not a scan of every paragraph sharing the sentence (quadratic for a sentence that
    # opens thousands of paragraphs).
    top: dict[str, list[int]] = {}
    for i, par in enumerate(paragraphs):
        for key in set(par.keys):
            best = top.setdefault(key, [])
            best.append(i)
            best.sort(key=rank.__getitem__, reverse=True)
            del best[2:]
    # Truncated sentences are looked up only for a paragraph whose other sentences are all covered:
    # the index (an entry per sentence) is built on first use, usually never.
    by_prefix = functools.cache(lambda: _prefix_index(paragraphs))
    out: list[_Paragraph] = []
    for i, par in enumerate(paragraphs):
        if par.key_len >= _MIN_REPEAT_KEY and _is_covered(i, par, rank, top, by_prefix):
            removed.append(par.text)
        else:
            out.append(par)
    return out


def _prefix_index(paragraphs: Sequence[_Paragraph]) -> dict[str, list[tuple[str, int]]]:
    """Sentences of more than five words by their first five words: sorted ``(sentence key, paragraph)``."""
    by_prefix: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for i, par in enumerate(paragraphs):
        for key in par.keys:
            words = key.split(" ", _FRAGMENT_PREFIX_WORDS)
            if len(words) > _FRAGMENT_PREFIX_WORDS:
                by_prefix[" ".join(words[:_FRAGMENT_PREFIX_WORDS])].append((key, i))
    for entries in by_prefix.values():
        entries.sort()
    return by_prefix


def _is_covered(
    i: int,
    par: _Paragraph,
    rank: dict[int, tuple[int, int, int]],
    top: dict[str, list[int]],
    by_prefix: Callable[[], dict[str, list[tuple[str, int]]]],
) -> bool:
    for n, key in enumerate(par.keys):
        other = next((j for j in top[key] if j != i), None)
        if other is not None and rank[other] > rank[i]:
            continue
        is_last = n == len(par.keys) - 1
        if is_last and _is_fragment(par.text) and _prefix_of_other(i, key, rank, by_prefix()):
            continue
        return False
    return bool(par.keys)


def _is_fragment(text: str) -> bool:
    """A paragraph cut off mid-sentence: no end punctuation, or an ellipsis."""
    return not _ends_sentence(text) or text.endswith(("...", "…"))


def _prefix_of_other(
    i: int, key: str, rank: dict[int, tuple[int, int, int]], by_prefix: dict[str, list[tuple[str, int]]]
) -> bool:
    words = key.split(" ", _FRAGMENT_PREFIX_WORDS)
    if len(words) <= _FRAGMENT_PREFIX_WORDS:
        return False
    entries = by_prefix.get(" ".join(words[:_FRAGMENT_PREFIX_WORDS]), [])
    # Sorted by sentence: the sentences that continue ``key`` form one run starting at ``key + " "``.
    at = bisect.bisect_left(entries, (key + " ",))
    for other, j in itertools.islice(entries, at, None):
        if not other.startswith(key + " "):
            break
        if j != i and rank[j] > rank[i]:
            return True
    return False


# --------------------------------------------------------------------------- pipeline

#: The default repair pipeline, in order. Title and boilerplate removal run
#: before unwrapping so that furniture lines are never joined into prose;
#: split capitals are rejoined once the line structure is final (so a second
#: run finds nothing new), and duplicates are looked for last.
DEFAULT_STEPS: tuple[RepairStep, ...] = (
    RepairStep("strip_html", strip_html, "a saved web page turned into its text (markup.py)"),
    RepairStep("normalize_whitespace", normalize_whitespace,
               "line ends, odd spaces, invisible characters, NFC, blank-line runs"),
    RepairStep("fold_confusables", fold_confusables,
               "Cyrillic/Greek look-alike letters inside Latin words folded to Latin (confusables.py)"),
    RepairStep("remove_title", remove_title, "headline repeated at the top (it has its own column)"),
    RepairStep("remove_boilerplate", remove_boilerplate,
               "reading time, rating widgets, comment forms, subscription footers, dateline"),
    RepairStep("remove_widgets", remove_widgets, "photo galleries, video players and share boxes"),
    RepairStep("remove_captions", remove_captions,
               "photo captions with a credit, credit lines, their copies"),
    RepairStep("join_hyphenated_line_breaks", join_hyphenated_line_breaks,
               'words hyphenated over a line break ("inter-\\nvention")'),
    RepairStep("split_glued_prefixes", split_glued_prefixes, 'lost hyphen after a prefix ("antiISIS")'),
    RepairStep("unwrap_lines", unwrap_lines, "hard-wrapped lines joined into paragraphs, headings apart"),
    RepairStep("join_split_capitals", join_split_capitals, 'capital words split by PDF extraction ("IR AQ")'),
    RepairStep("remove_duplicates", remove_duplicates, "paragraphs and sentence runs repeated verbatim"),
)


def repair_text(
    text: str, *, title: str | None = None, steps: Sequence[RepairStep] | None = None
) -> tuple[str, list[RepairEvent]]:
    """Apply the repair steps in order; return the repaired text and what changed.

    Parameters
    ----------
    text : str
        The raw document text.
    title : str or None
        The document's headline, removed where the text repeats it.
    steps : sequence of RepairStep, optional
        The steps to run, in order; :data:`DEFAULT_STEPS` by default.

    Returns
    -------
    text : str
        The repaired text.
    events : list of RepairEvent
        One event per step that changed something, in order.

    Examples
    --------
    >>> raw = "Mosul falls\\n\\n4 min read\\nIraqi forces took Mosul.\\n\\n0 0 %\\nLeave a Reply"
    >>> text, events = repair_text(raw, title="Mosul falls")
    >>> text
    'Iraqi forces took Mosul.'
    >>> [(e.step, e.count) for e in events]
    [('remove_title', 1), ('remove_boilerplate', 3)]
    """
    events: list[RepairEvent] = []
    for step in DEFAULT_STEPS if steps is None else steps:
        new, count, detail = step.func(text, title)
        if new != text:
            events.append(RepairEvent(step.name, max(count, 1), _shorten(detail, MAX_DETAIL_CHARS)))
        text = new
    return text, events
