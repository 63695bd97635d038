"""A Swedish lexical index (BM25) for exact things dense search misses: case numbers, names, "§ 231".

Words are lower-cased, stop words dropped and stemmed with the Snowball Swedish stemmer. Swedish writes
compounds as one word ("folkhälsoarbetet"), so a question about "folkhälsa" would not match; the
analyzer therefore also indexes the parts of a compound when both parts occur as words of their own in
the corpus (learned vocabulary, no dictionary to ship). Codes such as "SLK-2024-00074" or "0509/23" are
kept whole (and also as parts), and "§ 231" becomes the single token "§231".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

#: "§ 231", or a run of letters/digits joined by - / . : (codes, dates, hyphenated words).
TOKEN_RE = re.compile(r"§\s*\d+[a-zåäö]?\b|[^\W_]+(?:[-/.:][^\W_]+)*", re.IGNORECASE)
PART_RE = re.compile(r"[^\W_]+")
LETTERS_RE = re.compile(r"[^\W\d_]+")
STOPWORDS = frozenset(STOPWORDS_SWEDISH)
#: Letters Swedish puts between the parts of a compound: "folkhäls-o-arbete", "samhälls-byggnad".
LINKING_LETTERS = "soaeu"
MIN_COMPOUND_CHARS = 8
MIN_PART_CHARS = 4
VOCABULARY_FILE = "vocabulary.json"


class SwedishAnalyzer:
    """Turns text into index terms; the same instance must analyse the corpus and the queries."""

    def __init__(self, vocabulary: Iterable[str] = (), *, decompound: bool = True) -> None:
        self.vocabulary = frozenset(vocabulary)
        self.decompound = decompound
        self._stemmer = Stemmer.Stemmer("swedish")
        self._word_cache: dict[tuple[str, bool], list[str]] = {}

    @classmethod
    def learn(cls, texts: Iterable[str], *, decompound: bool = True) -> SwedishAnalyzer:
        """An analyzer whose compound splitting knows the word stems that occur in `texts`."""
        plain = cls(decompound=False)
        stems: Counter[str] = Counter()
        for text in texts:
            for word in LETTERS_RE.findall(text.lower()):
                if len(word) >= MIN_PART_CHARS and word not in STOPWORDS:
                    stems[plain.stem(word)] += 1
        return cls(stems, decompound=decompound)

    def stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(word))

    def tokens(self, text: str, *, query: bool = False) -> list[str]:
        """Index terms of `text`, in order (with compound parts right after their word).

        Documents get the parts of every compound. A query word gets its parts only when the corpus
        does not know the word itself: splitting known words ("kommunstyrelsen" → "kommun") made
        queries match too broadly and lowered MRR on the dev set, while documents keep their parts
        so "folkhälsa" still finds "folkhälsoarbetet".
        """
        return [term for _, terms in self.terms_at(text, query=query) for term in terms]

    def terms_at(self, text: str, *, query: bool = False) -> list[tuple[int, list[str]]]:
        """(offset in `text`, its terms) for every word, in order: what `tokens` returns, located, so
        a paragraph is analysed once and each of its sentences takes the terms inside its span."""
        lowered = text.lower()
        # A few characters lower-case to two ("İ" → "i̇"); then offsets are mapped back to `text`.
        origin = (
            None
            if len(lowered) == len(text)
            else [at for at, char in enumerate(text) for _ in range(len(char.lower()))]
        )
        located: list[tuple[int, list[str]]] = []
        for match in TOKEN_RE.finditer(lowered):
            token = match.group()
            at = match.start() if origin is None else origin[match.start()]
            if token.startswith("§"):
                located.append((at, ["§" + re.sub(r"\s+", "", token[1:])]))
                continue
            parts = PART_RE.findall(token)
            terms = [token] if len(parts) > 1 and any(char.isdigit() for char in token) else []
            for part in parts:  # a code or date is kept whole (above) so an exact query hits it
                terms.extend(self._word_terms(part, query))
            located.append((at, terms))
        return located

    def _word_terms(self, word: str, query: bool) -> list[str]:
        cached = self._word_cache.get((word, query))
        if cached is not None:
            return cached
        if word in STOPWORDS:
            terms: list[str] = []
        elif not word.isalpha():
            terms = [word]  # numbers and codes like "rv240022" are matched as written
        else:
            stem = self.stem(word)
            terms = [stem]
            if self.decompound and not (query and stem in self.vocabulary):
                terms.extend(self.compound_parts(word))
        if len(self._word_cache) < 200_000:
            self._word_cache[(word, query)] = terms
        return terms

    def compound_parts(self, word: str) -> list[str]:
        """Stems of every two-part split of `word` whose parts are both known corpus words."""
        if len(word) < MIN_COMPOUND_CHARS or not self.vocabulary:
            return []
        parts: list[str] = []
        for cut in range(MIN_PART_CHARS, len(word) - MIN_PART_CHARS + 1):
            tail = self.stem(word[cut:])
            if tail not in self.vocabulary or tail in STOPWORDS:
                continue
            head = word[:cut]
            candidates = [head]
            if head[-1] in LINKING_LETTERS and len(head) > MIN_PART_CHARS:
                candidates.append(head[:-1])
            # A head is compared both as written and stemmed: the stem of a head that lost its linking
            # letter ("folkhäls") can differ from the stem of the free word ("folkhälsa" → "folkhäls").
            head_stem = next(
                (
                    form
                    for candidate in candidates
                    if candidate not in STOPWORDS
                    for form in (candidate, self.stem(candidate))
                    if form in self.vocabulary
                ),
                None,
            )
            if head_stem is not None:
                parts.extend((head_stem, tail))
        return list(dict.fromkeys(parts))


class LexicalIndex:
    """BM25 over the chunks' lexical text; document numbers are chunk positions."""

    def __init__(self, retriever: bm25s.BM25, analyzer: SwedishAnalyzer, size: int) -> None:
        self.retriever = retriever
        self.analyzer = analyzer
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str], *, decompound: bool = True) -> LexicalIndex:
        analyzer = SwedishAnalyzer.learn(texts, decompound=decompound)
        retriever = bm25s.BM25()
        retriever.index([analyzer.tokens(text) for text in texts], show_progress=False)
        return cls(retriever, analyzer, len(texts))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.retriever.save(str(directory), show_progress=False)
        payload = {
            "decompound": self.analyzer.decompound,
            "size": self.size,
            "vocabulary": sorted(self.analyzer.vocabulary),
        }
        (directory / VOCABULARY_FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = False) -> LexicalIndex:
        """The saved index; with `mmap` its score matrix stays on disk, read through the page cache."""
        payload = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        analyzer = SwedishAnalyzer(payload["vocabulary"], decompound=payload["decompound"])
        retriever = bm25s.BM25.load(str(directory), show_progress=False, mmap=mmap)
        return cls(retriever, analyzer, int(payload["size"]))

    def document_frequency(self, term: str) -> int:
        """In how many chunks `term` occurs (0 when unknown), so callers can weigh rare words higher."""
        column = self.retriever.vocab_dict.get(term)
        if column is None:
            return 0
        indptr = self.retriever.scores["indptr"]  # CSC: one column of chunk postings per term
        return int(indptr[column + 1] - indptr[column])

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to `k` (position, score) pairs with a positive score, best first.

        `allowed` is a boolean mask over positions; masked-out chunks are never returned.
        """
        terms = [
            term for term in self.analyzer.tokens(query, query=True) if term in self.retriever.vocab_dict
        ]
        if not terms or self.size == 0:
            return []
        scores = self.retriever.get_scores(terms)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        # Only chunks holding a query term score above 0: select among those, not among all chunks
        # (a partition over a million scores per query cost more than the scoring itself).
        matching = np.flatnonzero(scores > 0)
        if len(matching) > k:
            kth = np.partition(scores[matching], len(matching) - k)[len(matching) - k]
            matching = matching[scores[matching] >= kth]  # the k best and any tied with the k-th
        ranked = matching[np.lexsort((matching, -scores[matching]))][:k]  # ties in document order
        return [(int(position), float(scores[position])) for position in ranked]
