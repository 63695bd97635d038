"""One writer at a time: the data dir's lock serialises CLI ingest and index, uploads and re-index runs
across threads and processes; a second writer waits (CLI) or is refused at once (API), never interleaves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from protokollet.errors import WriterBusy
from protokollet.settings import Settings
from protokollet.store.locking import writer_lock
from protokollet.store.open import open_store

OpenApp = Callable[..., tuple[TestClient, Settings]]
SMALL_MINUTES = Path(__file__).resolve().parents[1] / "data" / "sample" / "seeds" / "002_59249985fcc24532.txt"
CLI = [sys.executable, "-c", "from protokollet.cli import main; main()"]
#: Generous: only reached when something is broken.
PROCESS_TIMEOUT_S = 300


def _meetings(settings: Settings) -> int:
    store = open_store(settings)
    try:
        return len(store.meetings())
    finally:
        store.close()


def _cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROTOKOLLET_")}
    env.update({"PROTOKOLLET_DATA_DIR": str(settings.data_dir), **extra})
    return env


@pytest.fixture
def held(tmp_path: Path) -> Iterator[Settings]:
    """Settings of a fresh data dir whose writer lock this test holds."""
    settings = Settings(data_dir=tmp_path / "data")
    with writer_lock(settings):
        yield settings


# -- the lock -------------------------------------------------------------------------------------


def test_a_second_writer_is_refused_at_once_in_any_thread(held: Settings) -> None:
    with pytest.raises(WriterBusy, match="another ingest"), writer_lock(held):
        pass
    refused: list[BaseException] = []

    def other_thread() -> None:
        try:
            with writer_lock(held):
                pass
        except WriterBusy as exc:
            refused.append(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert len(refused) == 1


def test_a_waiting_writer_says_so_and_gives_up_after_its_timeout(held: Settings) -> None:
    waits: list[Path] = []
    with pytest.raises(WriterBusy, match=r"gave up after 0\.2 s"), writer_lock(held, 0.2, waits.append):
        pass
    assert waits == [held.data_dir / ".writer.lock"]


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    waiting = threading.Event()
    order: list[str] = []

    def holder() -> None:
        with writer_lock(settings):
            order.append("holder in")
            started.set()
            waiting.wait(PROCESS_TIMEOUT_S)
            order.append("holder out")

    started = threading.Event()
    thread = threading.Thread(target=holder)
    thread.start()
    started.wait(PROCESS_TIMEOUT_S)
    with writer_lock(settings, PROCESS_TIMEOUT_S, on_wait=lambda _: waiting.set()):
        order.append("waiter in")
    thread.join()
    assert order == ["holder in", "holder out", "waiter in"]


def test_the_lock_of_a_killed_writer_is_free_again(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    code = (
        "import sys, time\n"
        "from protokollet.settings import Settings\n"
        "from protokollet.store.locking import writer_lock\n"
        "with writer_lock(Settings(data_dir=sys.argv[1])):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(600)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(settings.data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        with pytest.raises(WriterBusy), writer_lock(settings):
            pass
        writer.send_signal(signal.SIGKILL)
        writer.wait(PROCESS_TIMEOUT_S)
    finally:
        writer.kill()
    with writer_lock(settings):  # the kernel dropped the dead process's lock
        pass


# -- CLI ------------------------------------------------------------------------------------------


def test_cli_ingest_waits_for_the_other_writer_and_never_interleaves(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with writer_lock(settings):
        ingest = subprocess.Popen(
            [*CLI, "ingest", str(SMALL_MINUTES)],
            env=_cli_env(settings, PROTOKOLLET_WRITER_LOCK_TIMEOUT_S=str(PROCESS_TIMEOUT_S)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert ingest.stderr is not None
            assert ingest.stderr.readline().startswith("Waiting for another ingest or index run to finish")
            assert ingest.poll() is None and _meetings(settings) == 0  # waiting, nothing written
        except BaseException:
            ingest.kill()
            raise
    out, err = ingest.communicate(timeout=PROCESS_TIMEOUT_S)
    assert ingest.returncode == 0, err
    assert "1 added" in out
    assert _meetings(settings) > 0


def test_cli_ingest_gives_up_with_one_line_when_the_writer_does_not_finish(held: Settings) -> None:
    result = subprocess.run(
        [*CLI, "ingest", str(SMALL_MINUTES)],
        env=_cli_env(held, PROTOKOLLET_WRITER_LOCK_TIMEOUT_S="0.5"),
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_S,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Waiting for another")
    assert lines[-1].startswith("error: another ingest, index build or upload is writing")
    assert "gave up after 0.5 s" in lines[-1] and "Traceback" not in result.stderr
    assert _meetings(held) == 0


# -- API ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_upload_and_reindex_while_another_writer_runs_are_409(open_app: OpenApp, operator_token: str) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token))
    auth = {"Authorization": f"Bearer {operator_token}"}
    with writer_lock(settings):
        upload = client.post(
            "/api/documents", files={"file": (SMALL_MINUTES.name, SMALL_MINUTES.read_bytes())}, headers=auth
        )
        reindex = client.post("/api/index", headers=auth)
        reads = client.get("/api/meetings")  # readers never wait for the writer lock
    for refused in (upload, reindex):
        assert refused.status_code == 409, refused.text
        assert refused.headers["retry-after"].isdigit()
        assert "another ingest" in refused.json()["detail"]
    assert reads.status_code == 200
    assert _meetings(settings) == 0 and not (settings.data_dir / "uploads").exists()
    after = client.post(
        "/api/documents", files={"file": (SMALL_MINUTES.name, SMALL_MINUTES.read_bytes())}, headers=auth
    )
    assert after.status_code == 200, after.text


@pytest.mark.slow
def test_cli_index_takes_the_lock_too(
    tmp_path: Path, settings_with_model: Callable[[Path], Settings]
) -> None:
    settings = settings_with_model(tmp_path / "data")
    open_store(settings).close()  # a store exists (else `index` stops before the lock: nothing ingested)
    with writer_lock(settings):
        result = subprocess.run(
            [*CLI, "index", "--no-progress"],
            env=_cli_env(settings, PROTOKOLLET_WRITER_LOCK_TIMEOUT_S="0.5"),
            capture_output=True,
            text=True,
            timeout=PROCESS_TIMEOUT_S,
        )
    assert result.returncode == 1, result.stderr
    assert "gave up after 0.5 s" in result.stderr.strip().splitlines()[-1]
    assert not (settings.resolved_index_dir / "CURRENT").exists()
