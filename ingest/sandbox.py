"""Run the reading of an untrusted file in a child process with a wall-clock and a memory limit.

A hostile or broken PDF can make a parser loop or allocate without bound; in a child process that
is killed after `timeout_s` and whose address space is capped (RLIMIT_AS) it can only fail, and the
caller gets a `ParseLimitExceeded` (a BadDocument → 422) instead of a hung or starved server.

Children come from the 'forkserver' context: a small, single-threaded server process that has
imported the parsers once, so each child is a cheap fork of it, never of the caller (a fork of a
process holding torch or uvicorn threads can deadlock) and never a full interpreter start ('spawn').
"""

from __future__ import annotations

import math
import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from protokollet.errors import BadDocument, ParseLimitExceeded, ProtokolletError
from protokollet.settings import Settings

T = TypeVar("T")

#: Imported once by the fork server, so children start with the parsers loaded.
PRELOAD = [
    "protokollet.ingest.sandbox",
    "protokollet.ingest.pipeline",
    "pypdf",
    "docx",
    "selectolax.lexbor",
]
#: Generous: the first child waits for the fork server to start and import the parsers.
START_TIMEOUT_S = 120.0
STARTED = "started"
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


@dataclass(frozen=True)
class ParseLimits:
    """How long and how much memory reading one file may take."""

    timeout_s: float
    max_memory_mb: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseLimits:
        return cls(timeout_s=settings.parse_timeout_s, max_memory_mb=settings.parse_max_memory_mb)


def run_limited(function: Callable[..., T], *args: Any, limits: ParseLimits, name: str) -> T:
    """`function(*args)` in a child process under `limits`; its ProtokolletError is re-raised here.

    `function` must be a module-level function and its arguments and result picklable. `name` (the
    file's name) goes into the error messages.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(sender, limits, function, args), name="protokollet-parse")
    child.start()
    sender.close()  # the child holds the only write end now: its death reads as EOF
    try:
        # The clock starts when the child runs: starting the fork server is not the file's fault.
        if _receive(receiver, START_TIMEOUT_S, name) != STARTED:
            raise BadDocument(f"{name}: the parser process did not start")
        status, payload = _receive(receiver, limits.timeout_s, name)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
    if status == "ok":
        result: T = payload
        return result
    if status == "memory":
        raise ParseLimitExceeded(
            f"{name}: reading the file needed more than {limits.max_memory_mb} MB of memory "
            "(PROTOKOLLET_PARSE_MAX_MEMORY_MB); refused"
        )
    if isinstance(payload, ProtokolletError):
        raise payload
    raise BadDocument(f"{name}: {payload}")


def _receive(receiver: Connection, timeout_s: float, name: str) -> Any:
    """The child's next message; ParseLimitExceeded when none comes in time, BadDocument if it died."""
    if not receiver.poll(timeout_s):
        raise ParseLimitExceeded(
            f"{name}: reading the file took longer than {timeout_s:g} s "
            "(PROTOKOLLET_PARSE_TIMEOUT_S); refused"
        )
    try:
        return receiver.recv()
    except EOFError:
        raise BadDocument(f"{name}: the parser crashed") from None


def _child(
    sender: Connection, limits: ParseLimits, function: Callable[..., object], args: tuple[object, ...]
) -> None:
    """In the child: cap the address space, run, send back ("ok", result) or why it failed.

    The CPU-time cap never fires before the parent's wall-clock limit; it ends a child whose parent
    was killed (kill -9 of an ingest) instead of letting it parse on alone."""
    memory = limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(limits.timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sender.send(STARTED)
    try:
        outcome: tuple[str, object] = ("ok", function(*args))
    except MemoryError:
        outcome = ("memory", None)
    except ProtokolletError as exc:
        outcome = ("error", exc)
    except Exception as exc:  # a parser bug on odd input: one line for the user, not a traceback
        outcome = ("error", f"unexpected {type(exc).__name__} while reading: {exc}"[:500])
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()
