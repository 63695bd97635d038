"""Each error class carries the HTTP status the API answers with (`protokollet/errors.py`)."""

from __future__ import annotations

import pytest

from protokollet import errors
from protokollet.service.api import status_for

ERROR_CLASSES = [
    value
    for value in vars(errors).values()
    if isinstance(value, type) and issubclass(value, errors.ProtokolletError)
]


@pytest.mark.parametrize("error", ERROR_CLASSES, ids=lambda error: error.__name__)
def test_every_error_answers_a_client_or_unavailable_status(error: type[errors.ProtokolletError]) -> None:
    assert error.http_status in (400, 404, 409, 415, 422, 503)
    assert status_for(error("x")) == error.http_status


@pytest.mark.parametrize(
    "error",
    [errors.DatabaseUnavailable, errors.StoreVersionError, errors.IndexNotBuilt, errors.LlmUnavailable],
)
def test_what_the_service_lacks_is_503_not_the_callers_fault(error: type[errors.ProtokolletError]) -> None:
    assert status_for(error("the database at … refuses connections")) == 503


def test_the_callers_input_is_4xx() -> None:
    assert status_for(errors.UnsupportedFormat("x")) == 415
    assert status_for(errors.ParseLimitExceeded("x")) == 422  # a BadDocument
    assert status_for(errors.WriterBusy("x")) == 409
