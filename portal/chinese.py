"""Chinese word segmentation shared by every search in the portal.

Wagtail's database search backend splits text on spaces and punctuation, and
Chinese has neither between words: `农民工维权月法律援助宣传` would be one token,
and a search for `农民工` would miss it. So indexed text is segmented with jieba's
search-engine mode (which also emits the shorter words inside long ones), and
queries are segmented the same way before they reach the backend. The same code
runs on SQLite and PostgreSQL.

jieba does the segmentation itself; this module only adds the legal aid
dictionary and helpers to index, query and highlight.
"""

import functools
import logging
import re
from pathlib import Path

import jieba
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

DICTIONARY = Path(__file__).resolve().parent / "data" / "legal_aid_terms.txt"
# Words jieba yields that carry no meaning as search terms.
_PUNCTUATION = re.compile(r"^[\W_]+$", re.UNICODE)

jieba.setLogLevel(logging.WARNING)


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    """One tokenizer per process, loaded on first use (loading takes about a second)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICTIONARY))
    return tokenizer


def _words(tokens) -> list[str]:
    return [t.strip() for t in tokens if t.strip() and not _PUNCTUATION.match(t.strip())]


def _inner_words(token: str, dictionary) -> list[str]:
    """Every dictionary word inside a long token (法律援助 inside 法律援助工作站).

    jieba's search mode only adds the 2- and 3-character words inside a token;
    longer terms of the legal aid dictionary need this to be found on their own.
    """
    return [
        token[i : i + size]
        for size in range(4, len(token))
        for i in range(len(token) - size + 1)
        if dictionary.get(token[i : i + size])
    ]


def segment_for_index(text: str) -> str:
    """Text as space-separated words, including the words inside compound words."""
    if not text:
        return ""
    tokenizer = _tokenizer()
    words = []
    for token in _words(tokenizer.cut_for_search(text)):
        words.append(token)
        if len(token) > 4:
            words.extend(_inner_words(token, tokenizer.FREQ))
    return " ".join(words)


def segment_query(text: str) -> str:
    """A query as space-separated words (every word must match)."""
    if not text:
        return ""
    return " ".join(_words(_tokenizer().cut(text)))


def plain_text(value) -> str:
    """The readable text of a field value: a string, rich text or a StreamField."""
    if value is None:
        return ""
    if hasattr(value, "stream_block"):  # StreamValue
        parts = []
        for block in value:
            parts.extend(block.block.get_searchable_content(block.value))
        return " ".join(strip_tags(str(p)) for p in parts)
    return strip_tags(str(value))


def highlight(text: str, query_words: list[str], *, width: int = 160) -> str:
    """An HTML snippet of `text` around the first query word, each word in <mark>.

    Words are found in the raw text and every piece is escaped on its own, so a
    query can never split an HTML entity and the result is safe HTML.
    """
    if not text:
        return ""
    lowered = text.lower()
    words = sorted({w for w in query_words if w}, key=len, reverse=True)
    positions = [lowered.find(w.lower()) for w in words if w.lower() in lowered]
    start = max(min(positions) - width // 3, 0) if positions else 0
    snippet = text[start : start + width]
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        pieces, last = [], 0
        for match in pattern.finditer(snippet):
            pieces.append(escape(snippet[last : match.start()]))
            pieces.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        pieces.append(escape(snippet[last:]))
        body = "".join(pieces)
    else:
        body = escape(snippet)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - every piece escaped above
