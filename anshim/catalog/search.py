"""통합검색: Korean analysis with Kiwi, stored terms, and an in-process BM25 index.

Indexing (``document_terms``). Kiwi splits text into morphemes; we keep nouns (NNG, NNP,
NR, SH), roots (XR), numbers (SN, commas dropped: 9,900 = 9900), foreign words (SL,
lower-cased), serials/hashtags, verb and adjective stems (VV, VA) and adverbs (MAG).
Particles, endings, affixes and symbols are dropped, so 병원동행을 and 병원 동행 both give
병원 + 동행. A determiner glued to a noun joins it (Kiwi reads 안심동행 as 안심 + 동/MM +
행; we index 안심 + 동행). Two extra kinds of term make spacing and compounds match:
  * joined forms of adjacent morphemes written without a space (병원+동행 → 병원동행,
    1+인 → 1인, 서울+형 → 서울형, 9900+원). The query's own joined forms add a phrase
    bonus, so the title that spells 병원동행 ranks above one that only has both words.
  * character bigrams, prefixed with ``~``, of every Hangul compound of 3+ syllables
    (이웃살피미 → ~이웃 ~웃살 ~살피 ~피미). Kiwi keeps 이웃살피미, 서울시 and 건강관리 as
    single words, so without bigrams 살피미, 서울 or 건강 관리 never find them; a query
    word absent as a term matches when all its bigrams occur, at half weight.
Measured by ``bench/search_bench.py`` on 23 portal queries for the seed's 14 policies:
all are found with both; without bigrams 2 are lost (살피미, 건강 관리). Joined forms
change no recall there (bigrams cover it); they rank exact spellings first and score a
match at full rather than half weight. A query keeps the same morphemes. Nouns, numbers
and foreign words are required (all must match, as a word or by bigrams); stems and
adverbs only add to the score, unless the query has nothing else. When no document has
every required word, those with the most of them are shown, flagged as partial.

Ranking is BM25 per field: score = idf · (3 · S(title) + S(body)), k1 = 1.2, b = 0.3 for
titles and 0.75 for bodies. S(body) stays below k1 + 1 = 2.2 while one title hit in a
title of average length gives 3 · S = 3 (still > 2.2 up to three times that length), so a
word in the title outranks any number of mentions of it in a body.

Queries never run Kiwi over stored text: ``SearchDocument`` rows carry their terms, and
each process keeps them parsed and builds a CSR inverted index (NumPy) with precomputed
per-posting scores; it is rebuilt, re-reading only changed rows, when the table's row
count or latest ``updated_at`` changes (two indexed lookups, checked on every query).
Highlighting marks the query's own surface forms in the stored title and body with a
regular expression and HTML-escapes everything else.
"""

from __future__ import annotations

import functools
import html
import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from anshim.catalog.models import SearchDocument

MAX_QUERY_LENGTH = 100
KINDS = tuple(SearchDocument.Kind.values)

# Tags kept as words. A query must match every KEY word; SOFT words only add score.
KEY_TAGS = frozenset({"NNG", "NNP", "NR", "SH", "SN", "SL", "XR", "W_SERIAL", "W_HASHTAG"})
SOFT_TAGS = frozenset({"VV", "VA", "MAG"})
# Tags that form joined compounds with their neighbour (XSN only to the left, XPN only to
# the right, NNB only after a number: 서울형, 9900원, but not 적관계 from 사회적관계망).
JOIN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SH", "SN", "SL", "XSN", "XPN", "XR"})

BIGRAM_PREFIX = "~"
BIGRAM_MIN_SYLLABLES = 3
BIGRAM_WEIGHT = 0.5
PHRASE_WEIGHT = 0.5
TITLE_WEIGHT = 3.0
K1 = 1.2
B_TITLE = 0.3
B_BODY = 0.75
SNIPPET_WIDTH = 120
SNIPPET_LEAD = 30

_HANGUL_RUN = re.compile(r"[가-힣]+")
_COMPATIBILITY_JAMO = re.compile(r"([\u3131-\u318e]+)")
_WHITESPACE = re.compile(r"\s+")


class SearchQueryError(ValueError):
    """A query the search cannot run, with a message to show the user in Korean."""


# --- Analysis -----------------------------------------------------------------

_kiwi = None
_kiwi_lock = threading.Lock()


def get_kiwi():
    """The process's one Kiwi analyser, loaded on first use (the model takes ~2 s)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                kiwi = Kiwi(num_workers=min(4, os.cpu_count() or 1))
                # Kiwi finishes building its model on the first call; doing that here,
                # under the lock, makes the shared instance safe to use from many threads.
                kiwi.tokenize("")
                _kiwi = kiwi
    return _kiwi


@dataclass(frozen=True, slots=True)
class Morph:
    term: str  # normalised form used as the index term
    tag: str  # base tag, irregular-verb marks (VV-I) removed
    start: int
    end: int
    surface: str  # the text as written, for highlighting


def _normalise_text(text: str) -> str:
    # NFKC turns full-width Ａ１ into A1 and ① into 1, but it would also turn ㅋ into a
    # conjoining jamo that no longer matches the text, so jamo runs are left alone.
    parts = _COMPATIBILITY_JAMO.split(text or "")
    return "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))


def _normalise_term(form: str, tag: str) -> str:
    if tag == "SN":
        return form.replace(",", "")
    if tag == "W_HASHTAG":
        return form.lstrip("#").lower()
    return form.lower()


def _morphs(text: str, tokens) -> list[Morph]:
    morphs: list[Morph] = []
    for token in tokens:
        tag = token.tag.split("-")[0]
        start = token.start
        end = start + token.len
        previous = morphs[-1] if morphs else None
        if previous and previous.tag == "MM" and tag in ("NNG", "NNP") and start <= previous.end:
            # Kiwi sometimes reads the first syllable of a noun as a determiner (안심동행 →
            # 안심 + 동/MM + 행); a determiner written against a noun is taken as part of it.
            morphs[-1] = Morph(previous.term + token.form.lower(), tag, previous.start, end, text[previous.start : end])
            continue
        morphs.append(Morph(_normalise_term(token.form, tag), tag, start, end, text[start:end]))
    return morphs


def _spans(morphs: list[Morph]) -> Iterator[list[Morph]]:
    """Maximal runs of compound-forming morphemes written with no space or symbol between."""
    run: list[Morph] = []
    for morph in morphs:
        if morph.tag in JOIN_TAGS and run and morph.start <= run[-1].end:
            run.append(morph)
            continue
        if run:
            yield run
        run = [morph] if morph.tag in JOIN_TAGS else []
    if run:
        yield run


def _joins(span: list[Morph]) -> Iterator[str]:
    for left, right in zip(span, span[1:], strict=False):
        if left.tag in ("XSN", "NNB") or right.tag == "XPN":
            continue
        if right.tag == "NNB" and left.tag not in ("SN", "NR"):
            continue
        yield left.term + right.term


def _bigrams(word: str) -> list[str]:
    return [BIGRAM_PREFIX + word[i : i + 2] for i in range(len(word) - 1)]


def _span_bigrams(text: str, span: list[Morph]) -> Iterator[str]:
    for run in _HANGUL_RUN.findall(text[span[0].start : span[-1].end]):
        if len(run) >= BIGRAM_MIN_SYLLABLES:
            yield from _bigrams(run)


def _terms(text: str, tokens) -> list[str]:
    morphs = _morphs(text, tokens)
    terms = [m.term for m in morphs if m.tag in KEY_TAGS or m.tag in SOFT_TAGS]
    for span in _spans(morphs):
        terms.extend(_joins(span))
        terms.extend(_span_bigrams(text, span))
    return terms


def document_terms(text: str) -> list[str]:
    """The index terms of one stored text (title or body), repeated as often as they occur."""
    text = _normalise_text(text)
    if not text.strip():
        return []
    return _terms(text, get_kiwi().tokenize(text))


def document_terms_batch(texts: Iterable[str]) -> Iterator[list[str]]:
    """``document_terms`` for many texts at once; Kiwi spreads the batch over its workers."""
    normalised = [_normalise_text(t) for t in texts]
    for text, tokens in zip(normalised, get_kiwi().tokenize(normalised), strict=True):
        yield _terms(text, tokens)


# --- Queries ------------------------------------------------------------------


@dataclass(frozen=True)
class QueryUnit:
    term: str
    required: bool
    # Matched instead of the word when the word itself is absent (see module docstring).
    bigrams: tuple[str, ...]


@dataclass(frozen=True)
class QueryPlan:
    text: str
    units: tuple[QueryUnit, ...]
    phrases: tuple[str, ...]
    highlight: re.Pattern | None

    @property
    def is_empty(self) -> bool:
        return not self.units


def validate_query(query: str | None) -> str:
    """The trimmed query, or ``SearchQueryError`` with a Korean message."""
    query = (query or "").strip()
    if not query:
        raise SearchQueryError(_("검색어를 입력해 주세요."))
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(_("검색어는 %(limit)d자 이내로 입력해 주세요.") % {"limit": MAX_QUERY_LENGTH})
    return query


def validate_kind(kind: str | None) -> str | None:
    """``None`` for every kind, the kind itself, or ``SearchQueryError`` for an unknown one."""
    if not kind:
        return None
    if kind not in KINDS:
        raise SearchQueryError(_("검색 분류는 %(kinds)s 중 하나여야 합니다.") % {"kinds": ", ".join(KINDS)})
    return kind


def _pattern_for(morph: Morph) -> str:
    if morph.tag == "SN":
        # 9900 in the query should light up 9,900 in the text.
        return ",?".join(re.escape(ch) for ch in morph.term)
    if morph.tag in ("VV", "VA"):
        return re.escape(morph.term)
    return re.escape(morph.surface)


def _highlight_pattern(morphs: list[Morph]) -> re.Pattern | None:
    words = [m for m in morphs if m.tag in KEY_TAGS or m.tag in SOFT_TAGS]
    pieces: set[str] = set()
    for span in _spans(morphs):
        if len(span) > 1:
            # The whole compound, spaced or not, so 병원동행 also marks 병원 동행.
            pieces.add(r"\s*".join(_pattern_for(m) for m in span))
        elif span[0].tag in KEY_TAGS:
            pieces.add(_pattern_for(span[0]))
    # Single letters inside compounds or verb stems (사, 인) would mark half the page;
    # they are marked only as part of their compound or as a word of their own.
    pieces.update(_pattern_for(m) for m in words if len(m.term) >= 2)
    if not pieces:
        return None
    ordered = sorted(pieces, key=lambda p: (-len(p), p))
    return re.compile("|".join(ordered), re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def plan_query(query: str) -> QueryPlan:
    """Analyse a query once; repeated queries reuse the plan."""
    text = _normalise_text(query)
    morphs = _morphs(text, get_kiwi().tokenize(text))
    units: dict[str, QueryUnit] = {}
    for morph in morphs:
        if morph.tag not in KEY_TAGS and morph.tag not in SOFT_TAGS:
            continue
        hangul = _HANGUL_RUN.fullmatch(morph.term) is not None
        bigrams = tuple(_bigrams(morph.term)) if hangul and len(morph.term) >= 2 else ()
        required = morph.tag in KEY_TAGS
        previous = units.get(morph.term)
        units[morph.term] = QueryUnit(morph.term, required or bool(previous and previous.required), bigrams)
    if units and not any(u.required for u in units.values()):
        units = {t: QueryUnit(u.term, True, u.bigrams) for t, u in units.items()}
    phrases = tuple(dict.fromkeys(chain.from_iterable(_joins(span) for span in _spans(morphs))))
    return QueryPlan(text=query, units=tuple(units.values()), phrases=phrases, highlight=_highlight_pattern(morphs))


# --- Highlighting -------------------------------------------------------------

# The standard library's escape gives the same entities as Django's (&<>"' all escaped)
# and is several times faster for the many small pieces of a highlighted text.
_escape = functools.partial(html.escape, quote=True)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` HTML-escaped, with each match of the query wrapped in ``<mark>``."""
    text = text or ""
    if pattern is None:
        return mark_safe(_escape(text))  # noqa: S308 - escaped
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        if spans and spans[-1][1] == match.start():
            spans[-1][1] = match.end()  # 1인 + 가구 written together get one mark
        else:
            spans.append([match.start(), match.end()])
    parts = []
    last = 0
    for start, end in spans:
        parts.append(_escape(text[last:start]))
        parts.append(f"<mark>{_escape(text[start:end])}</mark>")
        last = end
    parts.append(_escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of stored text above is escaped


def snippet(body: str, pattern: re.Pattern | None, width: int = SNIPPET_WIDTH) -> SafeString:
    """The part of ``body`` with the most distinct query matches, about ``width`` letters, highlighted."""
    body = _WHITESPACE.sub(" ", body or "").strip()
    if len(body) <= width:
        return highlight(body, pattern)
    start = 0
    if pattern is not None:
        matches = [(m.start(), m.group().lower()) for m in pattern.finditer(body) if m.end() > m.start()]
        best = -1
        for position, _word in matches:
            window = {w for p, w in matches if position <= p < position + width - SNIPPET_LEAD}
            if len(window) > best:
                best, start = len(window), max(0, position - SNIPPET_LEAD)
        if start:
            # Begin at a word boundary so the snippet does not open mid-word.
            space = body.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and start - space < 15 else start
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    text = body[start:end].strip()
    marked = highlight(text, pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - highlight() escaped the text


# --- The in-process index -----------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    object_id: int
    title: str
    url: str
    score: float
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True, slots=True)
class _Document:
    """One ``SearchDocument`` row as the index needs it: terms as ids with their counts."""

    changed: object  # updated_at as the database returns it; compared, never used
    kind: str
    object_id: int
    title: str
    body: str
    url: str
    title_terms: np.ndarray
    title_tf: np.ndarray
    title_length: int
    body_terms: np.ndarray
    body_tf: np.ndarray
    body_length: int


class _Corpus:
    """Parsed rows and the term vocabulary, kept per process and refreshed row by row.

    After a save only the changed rows are read and parsed again, so rebuilding the
    index costs a sort of the postings rather than a parse of 10,000 documents.
    """

    def __init__(self):
        self.vocab: dict[str, int] = {}
        self.documents: dict[int, _Document] = {}

    def _counts(self, terms: str) -> tuple[np.ndarray, np.ndarray, int]:
        words = terms.split()
        counts = Counter(words)
        vocab = self.vocab
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in counts), dtype=np.int64, count=len(counts))
        return ids, np.fromiter(counts.values(), dtype=np.float32, count=len(counts)), len(words)

    def refresh(self) -> list[_Document]:
        current = list(SearchDocument.objects.order_by("id").values_list("id", "updated_at"))
        stale = [pk for pk, changed in current if pk not in self.documents or self.documents[pk].changed != changed]
        for start in range(0, len(stale), 500):
            rows = SearchDocument.objects.filter(pk__in=stale[start : start + 500]).values_list(
                "id", "updated_at", "kind", "object_id", "title", "body", "url", "title_terms", "body_terms"
            )
            for pk, changed, kind, object_id, title, body, url, title_terms, body_terms in rows:
                self.documents[pk] = _Document(
                    changed,
                    kind,
                    object_id,
                    title,
                    _WHITESPACE.sub(" ", body).strip(),
                    url,
                    *self._counts(title_terms),
                    *self._counts(body_terms),
                )
        live = {pk for pk, _changed in current}
        for pk in [pk for pk in self.documents if pk not in live]:
            del self.documents[pk]
        # A row deleted between the two reads above is simply left out.
        return [self.documents[pk] for pk, _changed in current if pk in self.documents]


def _field_weights(terms, tf, lengths, weight: float, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings of one field as (term id, document, BM25 saturation) arrays."""
    counts = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    term_ids = np.concatenate(terms) if terms else np.empty(0, dtype=np.int64)
    tf = np.concatenate(tf) if tf else np.empty(0, dtype=np.float32)
    docs = np.repeat(np.arange(len(terms), dtype=np.int64), counts)
    average = float(lengths.mean()) if len(lengths) and lengths.sum() else 1.0
    norm = K1 * (1.0 - b + b * lengths[docs] / average)
    return term_ids, docs, weight * tf * (K1 + 1.0) / (tf + norm)


class SearchIndex:
    """An immutable BM25 index over a snapshot of ``SearchDocument``.

    Each term's postings hold its documents and their precomputed score
    idf · (3 · S(title) + S(body)), so a query word costs one scatter into a dense vector.
    """

    def __init__(self, documents: list[_Document], vocab: dict[str, int], signature: tuple):
        self.signature = signature
        self.vocab = vocab
        self.size = n = len(documents)
        self.documents = documents
        self.kind_codes = np.array([KINDS.index(d.kind) for d in documents], dtype=np.int8)
        title_lengths = np.fromiter((d.title_length for d in documents), dtype=np.float32, count=n)
        body_lengths = np.fromiter((d.body_length for d in documents), dtype=np.float32, count=n)
        title = _field_weights(
            [d.title_terms for d in documents], [d.title_tf for d in documents], title_lengths, TITLE_WEIGHT, B_TITLE
        )
        body = _field_weights(
            [d.body_terms for d in documents], [d.body_tf for d in documents], body_lengths, 1.0, B_BODY
        )
        keys = np.concatenate([title[0] * n + title[1], body[0] * n + body[1]])
        weights = np.concatenate([title[2], body[2]])
        order = np.argsort(keys)
        keys, weights = keys[order], weights[order]
        firsts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.empty(0, int)
        keys = keys[firsts]
        self.weights = np.add.reduceat(weights, firsts).astype(np.float32) if len(keys) else weights
        terms = keys // max(n, 1)
        self.docs = (keys % max(n, 1)).astype(np.int64)
        df = np.bincount(terms, minlength=len(vocab)).astype(np.float64)
        self.weights *= np.log1p((n - df + 0.5) / (df + 0.5))[terms].astype(np.float32)
        self.indptr = np.concatenate(([0], np.cumsum(df.astype(np.int64))))
        self.postings = len(keys)

    def term_scores(self, term: str) -> np.ndarray | None:
        term_id = self.vocab.get(term)
        if term_id is None or term_id + 1 >= len(self.indptr):
            return None
        lo, hi = self.indptr[term_id], self.indptr[term_id + 1]
        if lo == hi:
            return None
        scores = np.zeros(self.size, dtype=np.float32)
        scores[self.docs[lo:hi]] = self.weights[lo:hi]
        return scores

    def unit_scores(self, unit: QueryUnit) -> np.ndarray:
        exact = self.term_scores(unit.term)
        scores = exact if exact is not None else np.zeros(self.size, dtype=np.float32)
        if unit.bigrams:
            parts = [self.term_scores(b) for b in unit.bigrams]
            if all(p is not None for p in parts):
                present = np.logical_and.reduce([p > 0 for p in parts])
                fallback = np.where(present, BIGRAM_WEIGHT * np.mean(parts, axis=0), 0.0)
                scores = np.maximum(scores, fallback)
        return scores

    def run(self, plan: QueryPlan, kind: str | None) -> SearchResults:
        counts = dict.fromkeys(KINDS, 0)
        if plan.is_empty or not self.size:
            return SearchResults(plan, kind, counts, np.empty(0, dtype=np.int64), partial=False, index=self)
        unit_scores = [self.unit_scores(u) for u in plan.units]
        required = [s for u, s in zip(plan.units, unit_scores, strict=True) if u.required]
        hits = np.sum([s > 0 for s in required], axis=0)
        matched = hits == len(required)
        partial = False
        if not matched.any():
            best = int(hits.max())
            matched = (hits == best) if best else matched
            partial = bool(best)
        score = np.sum(unit_scores, axis=0, dtype=np.float32)
        for phrase in plan.phrases:
            bonus = self.term_scores(phrase)
            if bonus is not None:
                score += PHRASE_WEIGHT * bonus
        for code, n in enumerate(np.bincount(self.kind_codes[matched], minlength=len(KINDS))):
            counts[KINDS[code]] = int(n)
        if kind:
            matched &= self.kind_codes == KINDS.index(kind)
        found = np.flatnonzero(matched)
        order = found[np.argsort(-score[found], kind="stable")]
        return SearchResults(plan, kind, counts, order, partial=partial, index=self, scores=score)

    def hit(self, position: int, plan: QueryPlan, score: float, labels: dict[str, str]) -> SearchHit:
        document = self.documents[position]
        return SearchHit(
            kind=document.kind,
            kind_label=labels[document.kind],
            object_id=document.object_id,
            title=document.title,
            url=document.url,
            score=round(score, 4),
            title_html=highlight(document.title, plan.highlight),
            snippet_html=snippet(document.body, plan.highlight),
        )


@dataclass
class SearchResults:
    """A ranked result list. Slicing builds hits (with highlights) only for the slice."""

    plan: QueryPlan
    kind: str | None
    counts: dict[str, int]
    order: np.ndarray
    partial: bool
    index: SearchIndex
    scores: np.ndarray | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        """Matches over every kind (``len()`` counts only the chosen kind)."""
        return sum(self.counts.values())

    def count(self) -> int:
        return len(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, item: slice) -> list[SearchHit]:
        if not isinstance(item, slice):
            raise TypeError("SearchResults supports slices only")
        labels = {value: str(label) for value, label in SearchDocument.Kind.choices}
        return [self.index.hit(int(p), self.plan, float(self.scores[p]), labels) for p in self.order[item]]


_corpus = _Corpus()
_index: SearchIndex | None = None
_index_lock = threading.Lock()


def _signature() -> tuple:
    # One round trip with two sub-selects: alone, MAX(updated_at) is a lookup in its
    # index, while COUNT(*) and MAX() in one SELECT would scan it. A delete changes the
    # count; a save moves the latest updated_at.
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    column = connection.ops.quote_name("updated_at")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT MAX({column}) FROM {table})")  # noqa: S608
        return tuple(cursor.fetchone())


def get_index() -> SearchIndex:
    """This process's index, rebuilt first if ``SearchDocument`` changed since it was built."""
    global _index
    signature = _signature()
    current = _index
    if current is not None and current.signature == signature:
        return current
    with _index_lock:
        if _index is None or _index.signature != signature:
            documents = _corpus.refresh()
            _index = SearchIndex(documents, _corpus.vocab, signature)
        return _index


def search(query: str, *, kind: str | None = None) -> SearchResults:
    """Rank published policies, programmes, tips and notices for a Korean query.

    Raises ``SearchQueryError`` (a Korean message) for an empty or too long query or
    an unknown kind. ``counts`` always covers every kind; the order only ``kind``.
    """
    query = validate_query(query)
    kind = validate_kind(kind)
    return get_index().run(plan_query(query), kind)


def ranked_ids(query: str, kind: str) -> list[int]:
    """Ids of the items of one kind that match every word of the query, best first.

    List pages use this for their keyword box so that it understands Korean the way
    통합검색 does; a partial match (only some words found) is no match for a filter.
    """
    results = search(query, kind=kind)
    if results.partial:
        return []
    return [results.index.documents[int(p)].object_id for p in results.order]
