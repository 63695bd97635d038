"""The LangChain-tutorial baseline our retrieval is measured against.

Whole documents are cut into 1000-character pieces with 200 characters overlap
(`RecursiveCharacterTextSplitter` defaults), embedded with the same model and searched with exact FAISS.
No structure, no header, no lexical side. To score it with the same metrics, each piece is attributed
to the stored paragraph it overlaps most, so a hit names a meeting and an agenda item like ours do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import faiss
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter
from tqdm import tqdm

from protokollet.models import ParagraphContext
from protokollet.store import Store

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


class BaselineEmbedder(Protocol):
    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...


@dataclass(frozen=True)
class BaselinePiece:
    document_id: str
    start: int
    end: int
    paragraph: ParagraphContext | None  # the stored paragraph overlapping the piece most


def document_pieces(text: str) -> list[tuple[int, int]]:
    """Offsets of the tutorial's 1000/200 character pieces of one document."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    return [
        (int(doc.metadata["start_index"]), int(doc.metadata["start_index"]) + len(doc.page_content))
        for doc in splitter.create_documents([text])
    ]


def most_overlapping(paragraphs: Sequence[ParagraphContext], start: int, end: int) -> ParagraphContext | None:
    best, best_overlap = None, 0
    for paragraph in paragraphs:
        overlap = min(end, paragraph.end) - max(start, paragraph.start)
        if overlap > best_overlap:
            best, best_overlap = paragraph, overlap
    return best


class BaselineIndex:
    """Exact FAISS over tutorial-style pieces of whole documents."""

    def __init__(self, pieces: list[BaselinePiece], index: faiss.Index, embedder: BaselineEmbedder) -> None:
        self.pieces = pieces
        self.index = index
        self.embedder = embedder

    @classmethod
    def build(cls, store: Store, embedder: BaselineEmbedder, *, progress: bool = True) -> BaselineIndex:
        by_document: dict[str, list[ParagraphContext]] = {}
        for paragraph in store.paragraphs():
            by_document.setdefault(paragraph.document_id, []).append(paragraph)
        pieces: list[BaselinePiece] = []
        texts: list[str] = []
        for document_id, paragraphs in sorted(by_document.items()):
            text = store.document_text(document_id) or ""
            for start, end in document_pieces(text):
                pieces.append(
                    BaselinePiece(document_id, start, end, most_overlapping(paragraphs, start, end))
                )
                texts.append(text[start:end])
        index = faiss.IndexFlatIP(embedder.dimension)
        batch = 256
        for offset in tqdm(range(0, len(texts), batch), desc="Baseline", unit="batch", disable=not progress):
            index.add(embedder.embed_passages(texts[offset : offset + batch]))
        return cls(pieces, index, embedder)

    def search(self, query: str, k: int) -> list[tuple[ParagraphContext, float]]:
        """Best pieces first, as (attributed paragraph, cosine); pieces outside any paragraph are skipped."""
        scores, ids = self.index.search(self.embedder.embed_queries([query]), min(k, self.index.ntotal))
        return [
            (piece.paragraph, float(score))
            for i, score in zip(ids[0], scores[0], strict=True)
            if i >= 0 and (piece := self.pieces[i]).paragraph is not None
        ]
