"""Where SPARQL runs: no network, bounded memory, a deep stack.

Every query worker is set up by :func:`enter` before it starts a thread:

* **network**: an empty network namespace (:func:`isolate_network`), so ``SERVICE`` reaches
  nothing whatever the text checks missed; with allowed SERVICE endpoints the namespace
  holds only the relay to them (``relay.py``);
* **memory**: ``RLIMIT_DATA`` caps the worker's heap, so a query that builds a huge value
  fails in its own worker (the engine aborts: :data:`OUT_OF_MEMORY`) instead of taking the
  machine;
* **stack**: queries run on a thread with a :data:`STACK` stack, far deeper than the nesting
  ``safety.check`` lets through, so the engine's recursive parser and optimiser cannot
  overflow it.

Updates run in the main process (the only one that may write the store), on one thread of
their own that :func:`isolate_thread` moves to an empty network namespace (as root), with
the same deep stack.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
#: The stack queries and updates run on: 256 MiB of address space, touched only as deep
#: as a query goes (Oxigraph needs about 3 KiB per nesting level).
STACK = 256 * 1024 * 1024
#: How a worker ends when the engine cannot allocate memory (Rust aborts).
OUT_OF_MEMORY = -signal.SIGABRT


def _libc() -> ctypes.CDLL | None:
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/ns/net"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def isolate_network(*, mounts: bool = False) -> bool:
    """Move this process into a new, empty network namespace (and, with ``mounts``, a mount
    namespace of its own); True when that worked.

    Must run before the process starts threads. Works as root or where unprivileged
    user namespaces are enabled; elsewhere the parse-level checks stand alone.
    """
    libc = _libc()
    if libc is None:
        return False
    flags = CLONE_NEWNET | (CLONE_NEWNS if mounts else 0)
    return any(libc.unshare(f) == 0 for f in (flags, CLONE_NEWUSER | flags))


def isolate_thread() -> bool:
    """Move the calling thread (only) into a new, empty network namespace; True if it worked.

    Needs ``CAP_SYS_ADMIN`` (root): a process that already runs threads cannot enter a user
    namespace of its own.
    """
    libc = _libc()
    return libc is not None and libc.unshare(CLONE_NEWNET) == 0


def threads_can_be_isolated() -> bool:
    """Whether :func:`isolate_thread` works here (tried on a throw-away thread)."""
    try:
        on_deep_stack(lambda: None, isolate=True, name="haitikg-probe")
    except OSError:
        return False
    return True


def limit_memory(heap: int) -> None:
    """Cap this process's data segment at ``heap`` bytes plus the query thread's stack."""
    if heap > 0:
        limit = heap + STACK
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def quiet_aborts() -> None:
    """No Rust backtrace in the server's log when the engine aborts on a memory limit."""
    os.environ["RUST_BACKTRACE"] = "0"


def on_deep_stack(
    function: Callable[[], T], *, isolate: bool = False, name: str = "haitikg-sparql"
) -> T:
    """Run ``function`` on a new thread with a :data:`STACK` stack (and, if ``isolate``, no
    network: :func:`isolate_thread`, which must work); return its result."""
    values: list[T] = []
    errors: list[BaseException] = []  # handed back to the caller's thread

    def target() -> None:
        try:
            if isolate and not isolate_thread():
                raise OSError("cannot move the update thread to an empty network namespace")
            values.append(function())
        except BaseException as exc:
            errors.append(exc)

    previous = threading.stack_size(STACK)
    try:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if errors:
        raise errors[0]
    return values[0]


def default_heap(workers: int) -> int:
    """The default ``WORKER_MEMORY``: a quarter of the machine's memory shared by the
    workers, at most 768 MiB and at least 256 MiB each."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 4 << 30
    return max(256 << 20, min(768 << 20, total // 4 // max(1, workers)))
