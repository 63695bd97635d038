"""A learned last check on an answer: does the lead sentence state what the question asks?

The rules of `answer.py` decide from words which sentence answers and whether the asked kind of fact is
there; on minutes their authors had not seen they still answer a fifth of the near misses ("Vilken
konstnär valdes?" with the sentence that starts the procurement of the art). This check reads question
and sentence together: the bundled e5 model as a cross-encoder, with small low-rank adapters on its
upper layers and a linear head trained on the dev sets' answerable and near-miss questions
(`evals/lead_check_training.py`). Only the adapters and the head ship (`lead_check_adapter.safetensors`,
under a megabyte); the base weights are the embedding model's own. It can only withhold an answer the
rules gave, never give one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoModel, AutoTokenizer

#: The trained adapters and head, with the base model they were trained on in the file's metadata.
ADAPTER_FILE = Path(__file__).with_name("lead_check_adapter.safetensors")
RANK = 8
ALPHA = 16
LAYERS = range(6, 12)  # the upper half of e5-small's twelve: enough to read the pair, cheap to train
#: Question and sentence together: a lead sentence is seldom longer; the question is never cut.
MAX_TOKENS = 112
#: The linear layers of a transformer layer that get an adapter (attribute paths from the layer).
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


class LowRank(nn.Module):
    """A frozen linear layer plus a trainable low-rank update (LoRA): W x + (B A x) * alpha / r."""

    def __init__(self, base: nn.Linear, rank: int = RANK, alpha: int = ALPHA) -> None:
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.randn(rank, base.in_features) * 0.01)
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


class PairScorer(nn.Module):
    """The base encoder with adapters, mean-pooled over question and sentence, to one logit."""

    def __init__(self, model_path: str) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(model_path, add_pooling_layer=False)
        for parameter in self.encoder.parameters():
            parameter.requires_grad = False
        for index in LAYERS:
            layer = self.encoder.encoder.layer[index]
            for path in ADAPTED:
                *parents, name = path.split(".")
                parent = layer
                for attribute in parents:
                    parent = getattr(parent, attribute)
                setattr(parent, name, LowRank(getattr(parent, name)))
        self.head = nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    def trained(self) -> dict[str, torch.Tensor]:
        """The parameters training changes (adapters and head): all that is saved."""
        return {name: p for name, p in self.named_parameters() if p.requires_grad}


def encode_pairs(
    tokenizer: object, questions: Sequence[str], sentences: Sequence[str]
) -> dict[str, torch.Tensor]:
    """Tokenised (question, sentence) pairs with e5's prefixes; only the sentence is ever cut."""
    return tokenizer(  # type: ignore[operator]
        [f"query: {q}" for q in questions],
        [f"passage: {s}" for s in sentences],
        truncation="only_second",
        max_length=MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )


def save_adapter(model: PairScorer, path: Path, base_model: str, notes: dict[str, object]) -> None:
    tensors = {name: p.detach().to(torch.float16).contiguous() for name, p in model.trained().items()}
    save_file(tensors, str(path), metadata={"base_model": base_model, "notes": json.dumps(notes)})


@lru_cache(maxsize=4)
def adapter_base_model(path: Path = ADAPTER_FILE) -> str | None:
    """The base model the adapter was trained on (None without an adapter file); read once per process,
    since the answerer asks on every question while the check is on."""
    if not path.is_file():
        return None
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as handle:
        return (handle.metadata() or {}).get("base_model")


class LeadCheck:
    """P(the sentence states what the question asks), for a few lead sentences per answer: the service's
    scorer, and the one training shows its held-out curve with."""

    def __init__(self, tokenizer: object, model: PairScorer) -> None:
        self.tokenizer = tokenizer
        self.model = model.eval()

    @classmethod
    def load(cls, model_path: str, adapter: Path = ADAPTER_FILE) -> LeadCheck:
        """The base model at `model_path` with the trained adapters and head of `adapter`."""
        model = PairScorer(model_path)
        weights = load_file(str(adapter))
        missing = set(model.trained()) - set(weights)
        if missing:
            raise ValueError(f"{adapter} lacks {sorted(missing)[:3]}")
        model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=False)
        return cls(AutoTokenizer.from_pretrained(model_path), model)

    @torch.inference_mode()
    def __call__(self, question: str, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        batch = encode_pairs(self.tokenizer, [question] * len(sentences), sentences)
        return [float(p) for p in torch.sigmoid(self.model(batch))]


@lru_cache(maxsize=2)
def lead_check_for(model_path: str) -> LeadCheck:
    """One loaded check per model path per process (the API answers many questions with it)."""
    return LeadCheck.load(model_path)
