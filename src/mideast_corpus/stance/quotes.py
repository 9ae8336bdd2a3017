"""Quotations and reported speech: which text is someone else's voice, and whose.

"Hakim Al Zamili said 'We find it extremely useful'" is the speaker's stance, not the outlet's. This
module finds direct quotations (straight and curly double quotes, guillemets) and reported speech
("X said (that) ...", "..., X said.", "according to X"), and attributes each to a speaker: the actor
mention or the person/"officials"-type phrase around the say-verb. It is reused by the framing module
(whose voice an outlet quotes), so it works on the sentence and mention tables alone.
"""

from __future__ import annotations

import re

import pandas as pd

from .roles import _split_tokens as split_tokens

__all__ = ["SAY_VERBS", "SPEAKER_NOUNS", "attribute_speakers", "find_speech", "quote_spans"]

#: Verbs (and "according to") that introduce reported or quoted speech.
SAY_VERBS = frozenset(
    """said says say told tells tell claimed claims claim stated states announced announces insisted insists
    added adds explained explains noted notes warned warns argued argues asserted asserts declared declares
    denied denies acknowledged acknowledges conceded concedes confirmed confirms alleged alleges
    reported reports wrote writes according""".split()
)
#: Nouns that head a speaker phrase when no actor is named ("defense officials said").
SPEAKER_NOUNS = frozenset(
    """official officials spokesman spokesperson spokeswoman spokesmen minister ministers president premier
    commander commanders general advisor adviser advisors advisers source sources analyst analysts expert
    experts diplomat diplomats envoy leader leaders activist activists witness witnesses resident residents
    researcher associate director secretary chief head mp m.p lawmaker lawmakers observatory monitor
    ministry pentagon state department he she they we""".split()
)


def _any_of(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of ``words`` anywhere (inside words too), alternatives grouped by first letter."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile("|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in sorted(by_first.items())))


# finds every say-verb token of a lower-cased sentence (and more: it ignores word boundaries)
_SAY_ANYWHERE = _any_of(SAY_VERBS)
_PRONOUNS = frozenset({"he", "she", "they", "we"})
_AUX = frozenset(
    "has have had was were is are will would also then later further repeatedly publicly reportedly "
    "recently previously already has been".split()
)
_PHRASE_LOWER = frozenset(
    "of the a an one two three several some senior second first top former then defense defence military "
    "government foreign interior prime deputy u s . - ’ ' 's state security intelligence iraqi syrian "
    "american iranian russian turkish kurdish local western".split()
)
_OPENERS = {"“": True, "«": True, "”": False, "»": False}
_STRAIGHT = '"'
_QUOTE_MARKS = re.compile("[" + "".join(_OPENERS) + _STRAIGHT + "]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of direct quotations in ``text``, quote marks included.

    Curly quotes and guillemets have a direction; a straight ``"`` opens after white space or at the
    start and closes otherwise. A quotation left open runs to the end of the text (news copy leaves
    the closing mark off a quote that continues); a closing mark with no opening one starts the span
    at the beginning of the text. Single quotes are ignored: they double as apostrophes.

    Examples
    --------
    >>> t = '“We find it extremely useful,” Hakim Al Zamili said.'
    >>> [t[a:b] for a, b in quote_spans(t)]
    ['“We find it extremely useful,”']
    >>> quote_spans("The final winners are our two countries.”")
    [(0, 41)]
    >>> quote_spans('He said "no" and "yes".')
    [(8, 12), (17, 22)]
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    first_close = True
    for mark in _QUOTE_MARKS.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch in _OPENERS:
            is_open = _OPENERS[ch]
        elif ch == _STRAIGHT:
            is_open = open_at is None and (i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-")
        else:
            continue
        if is_open:
            if open_at is None:
                open_at = i
            continue
        if open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif first_close and not spans:
            spans.append((0, i + 1))
        first_close = False
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _is_name(tok: str) -> bool:
    return tok[:1].isupper()


def _speaker_left(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Token range of the speaker phrase ending before the say-verb at ``i`` (skipping auxiliaries, appositives)."""
    j = i - 1
    while j >= 0 and toks[j][0].lower() in _AUX:
        j -= 1
    if j >= 0 and toks[j][0] == ",":  # appositive: "Nouri Al Maliki, then Iraq’s prime minister, said"
        k = j - 1
        while k >= 0 and toks[k][0] not in {",", "”", "“", '"'}:
            k -= 1
        if k >= 0 and toks[k][0] == "," and j - k <= 12:
            j = k - 1
        else:
            return None
    end = j + 1
    while j >= 0:
        tok = toks[j][0]
        low = tok.lower()
        if _is_name(tok) or low in SPEAKER_NOUNS or low in _PHRASE_LOWER:
            j -= 1
            continue
        break
    start = j + 1
    while start < end and toks[start][0].lower() in {"the", "a", "an", ".", "-", "’", "'", "of"}:
        start += 1
    if start >= end:
        return None
    if not any(_is_name(t[0]) or t[0].lower() in SPEAKER_NOUNS for t in toks[start:end]):
        return None
    return start, end


def _speaker_right(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Token range of the speaker phrase after the say-verb at ``i`` ("said a second defense official")."""
    j = i + 1
    if toks[i][0].lower() == "according" and j < len(toks) and toks[j][0].lower() == "to":
        j += 1
    start = j
    while j < len(toks):
        tok = toks[j][0]
        low = tok.lower()
        if tok == "." and j + 1 < len(toks) and _is_name(toks[j + 1][0]):  # "U.S." inside the phrase
            j += 1
            continue
        if _is_name(tok) or low in SPEAKER_NOUNS or low in _PHRASE_LOWER - {"."}:
            j += 1
            continue
        break
    while start < j and toks[start][0].lower() in {"the", "a", "an", "one"}:
        start += 1
    if start >= j or not any(_is_name(t[0]) or t[0].lower() in SPEAKER_NOUNS for t in toks[start:j]):
        return None
    return start, j


def _sentence_speech(text: str) -> list[dict]:
    """Speech events of one sentence: say-verb, speaker span and content span (sentence offsets)."""
    if not _SAY_ANYWHERE.search(text.lower()):
        return []  # no say-verb even inside a word: no need to tokenize
    words, starts, ends = split_tokens(text)
    toks = list(zip(words, starts, ends, strict=True))  # as tokenize(text) gives them
    lows = [w.lower() for w in words]
    events = []
    for i in [i for i, w in enumerate(lows) if w in SAY_VERBS]:
        low = lows[i]
        if low == "according" and not (i + 1 < len(toks) and toks[i + 1][0].lower() == "to"):
            continue
        nominal = {"reported", "reports", "states", "state", "claims", "claim"}
        if low in nominal and i > 0 and toks[i - 1][0].lower() in {"the", "a", "an", "several", "there", "of"}:
            continue  # nouns: "the reports", "several reports"
        right_first = low == "according" or (i > 0 and toks[i - 1][0] in {",", "”", '"', "»"})
        right = _speaker_right(toks, i)
        # inverted order ("..., said a defense official.") only when the phrase closes the clause
        closes = right is not None and (right[1] >= len(toks) - 1 or toks[right[1]][0] in {".", ",", "”", ";"})
        spk = right if right_first and closes else (_speaker_left(toks, i) or right)
        if spk is None:
            continue
        a, b = spk
        if a > i:  # speaker after the verb: the content is what precedes ("..., X said." / "..., according to X")
            cut = i
            while cut > 0 and toks[cut - 1][0] in {",", "”", '"', "»"}:
                cut -= 1
            content = (0, toks[cut - 1][2]) if cut > 0 else None
        else:  # "X said (that) ..."
            k = i + 1
            content = (toks[k][1], len(text)) if k < len(toks) else None
        events.append({
            "verb": low if low != "according" else "according to",
            "speaker": text[toks[a][1]:toks[b - 1][2]],
            "speaker_start": toks[a][1],
            "speaker_end": toks[b - 1][2],
            "content_start": content[0] if content else -1,
            "content_end": content[1] if content else -1,
        })
    return events


SPEECH_COLUMNS = [
    "doc_id", "sent_id", "kind", "verb", "speaker", "speaker_actor", "speaker_start", "speaker_end",
    "content_start", "content_end",
]


def find_speech(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Find speech events (direct quotations and reported speech) and their speakers.

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``Corpus.sentences()``: ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``.
    mentions : pandas.DataFrame, optional
        Actor mentions (``doc_id``, ``sent_id``, ``actor``, ``start``, ``end``, document offsets); a
        speaker phrase that overlaps one gets its actor in ``speaker_actor``.

    Returns
    -------
    pandas.DataFrame
        One row per speech event: ``doc_id``, ``sent_id``, ``kind`` (``direct`` or ``reported``), ``verb``
        (empty for a quotation without a say-verb in its sentence), ``speaker`` (surface phrase, or the
        speaker carried over from a neighbouring sentence of the same quotation; ``""`` when unknown),
        ``speaker_actor``, ``speaker_start``/``speaker_end`` and ``content_start``/``content_end``
        (document offsets; -1 when absent).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0],
    ...                   "text": ["Russian officials said the cell is for coordinating airstrikes."]})
    >>> s["end"] = s["text"].str.len()
    >>> find_speech(s)[["kind", "verb", "speaker"]].values.tolist()
    [['reported', 'said', 'Russian officials']]
    """
    rows: list[dict] = []
    by_doc_mentions: dict[tuple, list[tuple[int, int, str]]] = {}
    if mentions is not None and len(mentions):
        cols = [mentions[c].tolist() for c in ("doc_id", "sent_id", "start", "end", "actor")]
        for d, sid, start, end, actor in zip(*cols, strict=True):
            by_doc_mentions.setdefault((d, int(sid)), []).append((int(start), int(end), actor))
    for doc_id, sents in _sentences_by_doc(sentences):
        per_sent: list[list[dict]] = []
        quoted: list[list[tuple[int, int]]] = []
        for sent_id, off, text in sents:
            evs = _sentence_speech(text)
            for ev in evs:
                ev.update(doc_id=doc_id, sent_id=int(sent_id), kind="reported")
                for key in ("speaker_start", "speaker_end", "content_start", "content_end"):
                    if ev[key] >= 0:
                        ev[key] += int(off)
                ev["speaker_actor"] = _actor_at(by_doc_mentions.get((doc_id, int(sent_id)), []),
                                                ev["speaker_start"], ev["speaker_end"])
            per_sent.append(evs)
            quoted.append([(a + int(off), b + int(off)) for a, b in quote_spans(text)])
        _bridge_open_quotes(sents, quoted)
        last_named: tuple[str, str] = ("", "")
        for k, (sent_id, _off, _text) in enumerate(sents):
            for ev in per_sent[k]:
                if ev["speaker"].lower() in _PRONOUNS and last_named[0]:
                    ev["speaker"], ev["speaker_actor"] = last_named
                elif ev["speaker"].lower() not in _PRONOUNS:
                    last_named = (ev["speaker"], ev["speaker_actor"])
                rows.append(ev)
            for a, b in quoted[k]:
                src = _nearest_event(per_sent, k)
                rows.append({
                    "doc_id": doc_id, "sent_id": int(sent_id), "kind": "direct",
                    "verb": src["verb"] if src and src["sent_id"] == int(sent_id) else "",
                    "speaker": src["speaker"] if src else "",
                    "speaker_actor": src["speaker_actor"] if src else "",
                    "speaker_start": src["speaker_start"] if src else -1,
                    "speaker_end": src["speaker_end"] if src else -1,
                    "content_start": a, "content_end": b,
                })
    out = pd.DataFrame(rows, columns=SPEECH_COLUMNS)
    return out.sort_values(["doc_id", "sent_id", "content_start", "kind"], kind="stable").reset_index(drop=True)


def _sentences_by_doc(sentences: pd.DataFrame) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``(doc_id, [(sent_id, start, text), ...])`` per document in ``doc_id``, ``sent_id`` order.

    As ``groupby("doc_id")`` over the sorted table (rows without a ``doc_id`` dropped) but on plain
    lists: a pandas group per document costs more than the speech rules on a corpus of short documents.
    """
    ordered = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    ordered = ordered[ordered["doc_id"].notna()]
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    cols = [ordered[c].tolist() for c in ("doc_id", "sent_id", "start", "text")]
    for d, sid, start, text in zip(*cols, strict=True):
        if not out or out[-1][0] != d:
            out.append((d, []))
        out[-1][1].append((sid, start, text))
    return out


def _actor_at(mentions: list[tuple[int, int, str]], start: int, end: int) -> str:
    for s, e, actor in mentions:
        if s < end and e > start:
            return actor
    return ""


def _bridge_open_quotes(sents: list[tuple], quoted: list[list[tuple[int, int]]]) -> None:
    """Quote whole sentences between one that leaves a quotation open and one that closes it (<= 3 apart)."""
    for k, (_sid, off, text) in enumerate(sents):
        if not quoted[k] or quoted[k][-1][1] != int(off) + len(text):
            continue
        for m in range(k + 1, min(k + 4, len(sents))):
            _sid_m, off_m, _text_m = sents[m]
            if quoted[m] and quoted[m][0][0] == int(off_m):
                for j in range(k + 1, m):
                    quoted[j] = [(int(sents[j][1]), int(sents[j][1]) + len(sents[j][2]))]
                break
            if quoted[m]:
                break


def _nearest_event(per_sent: list[list[dict]], k: int) -> dict | None:
    """The speech event that most likely owns a quotation in sentence ``k``: same sentence, then before, then after."""
    for m in (k, k - 1, k + 1, k - 2, k + 2):
        if 0 <= m < len(per_sent) and per_sent[m]:
            return per_sent[m][0]
    return None


def attribute_speakers(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Mark each mention that lies in quoted or reported speech, and name the speaker.

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``Corpus.sentences()``.
    mentions : pandas.DataFrame
        Actor mentions with ``doc_id``, ``sent_id``, ``actor``, ``start``, ``end`` (document offsets).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``mentions``: ``doc_id``, ``sent_id``, ``actor``, ``start``, ``end``, ``quoted``
        (bool), ``quote_kind`` (``direct``, ``reported`` or ``""``), ``speaker`` and ``speaker_actor``
        (``""`` when unknown). A mention that *is* the speaker is not quoted.

    Examples
    --------
    >>> text = "Iraq carried out the attack in coordination with Damascus, according to Haider Al Abadi."
    >>> s = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0], "end": [len(text)], "text": [text]})
    >>> m = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 0], "actor": ["iraq", "syria_government"],
    ...                   "start": [0, 49], "end": [4, 57]})
    >>> attribute_speakers(s, m)[["actor", "quoted", "quote_kind", "speaker"]].values.tolist()
    [['iraq', True, 'reported', 'Haider Al Abadi'], ['syria_government', True, 'reported', 'Haider Al Abadi']]
    """
    speech = find_speech(sentences, mentions)
    out = mentions[["doc_id", "sent_id", "actor", "start", "end"]].copy()
    quoted = [False] * len(out)
    kind = [""] * len(out)
    speaker = [""] * len(out)
    speaker_actor = [""] * len(out)
    by_sent: dict[tuple, list[tuple]] = {}
    cols = ("doc_id", "sent_id", "kind", "speaker", "speaker_actor", "speaker_start", "speaker_end",
            "content_start", "content_end")
    for d, sid, *ev in zip(*(speech[c].tolist() for c in cols), strict=True):
        by_sent.setdefault((d, int(sid)), []).append(tuple(ev))
    for i, (d, sid, s, e) in enumerate(zip(*(out[c].tolist() for c in ("doc_id", "sent_id", "start", "end")),
                                          strict=True)):
        events = by_sent.get((d, int(sid)))
        if not events:
            continue
        s, e = int(s), int(e)
        best = None
        for ev in events:
            sp_start, sp_end, c_start, c_end = ev[3:]
            if sp_start >= 0 and s < sp_end and e > sp_start:
                best = None  # the mention is the speaker
                break
            if c_start <= s and e <= c_end and (best is None or best[0] != "direct"):
                best = ev
        if best is not None:
            quoted[i], kind[i], speaker[i], speaker_actor[i] = True, best[0], best[1], best[2]
    out["quoted"] = quoted
    out["quote_kind"] = kind
    out["speaker"] = speaker
    out["speaker_actor"] = speaker_actor
    return out
