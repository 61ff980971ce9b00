"""Read many files in worker processes, handing results back in the order asked.

A cold run of a large project spends most of its time in the readers, and
every reader is a pure function of (path, bytes) -- no shared state, nothing
imported from the project -- so files can be read in separate processes.  The
cost is sending results back: each worker returns one pickled batch (frozen
model objects pickle as constructor calls, see :func:`.cache.dump_value`)
and the parent unpickles it.  That only pays off when there are many files
and more than one CPU, so :func:`prefetch` decides, and below the threshold
(or with ``jobs == 1``, or when the warm cache will answer most reads) it
changes nothing: the reads run lazily in this process, as before.

Output never depends on the number of workers: results are returned in the
order of the input, and each is exactly what the same reader returns in
process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

PARALLEL_THRESHOLD = 400
"""Fewer files than this are read in process: starting workers would cost more than it saves."""
BATCH_SIZE = 64
"""Files per task sent to a worker: large enough to amortise pickling, small enough to balance load."""


@dataclass
class ParallelStats:
    """What the last :func:`prefetch` did (tests assert on it instead of timing)."""

    workers: int = 0
    """Worker processes besides this one; 0 when everything was read in process."""
    batches: int = 0
    files: int = 0


_last_stats = ParallelStats()


def last_stats() -> ParallelStats:
    return _last_stats


def default_jobs() -> int:
    """CPUs this process may use (the affinity mask where the platform has one) that are idle now.

    On a busy machine (CI running tests beside us, other builds) workers only
    add the cost of sending results back: measured on 2 CPUs with a load
    average of 6, a 1,000-view cold run took 40 % longer with two workers.  So
    the default leaves out the CPUs other processes are using *now*: on Linux
    the number of runnable tasks in ``/proc/loadavg`` (an instant count), not
    the 1-minute load average, which still counts work that ended up to a
    minute ago -- the ``pip install`` before a CI step, or the previous run of
    a benchmark -- and so kept an idle machine's run in one process.  Elsewhere
    the load average is all there is.  ``--jobs N`` is always honoured as given.
    """
    try:
        cpus = max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        cpus = max(1, os.cpu_count() or 1)
    return jobs_for(cpus, _busy_now())


def jobs_for(cpus: int, busy: float) -> int:
    """Processes to read with: the CPUs not busy (rounded to the nearest), at least one."""
    return max(1, min(cpus, int(cpus - busy + 0.5)))


def _busy_now() -> float:
    """CPUs other processes keep busy at this moment (see :func:`default_jobs`)."""
    runnable = _runnable_tasks()
    if runnable is not None:
        return float(max(0, runnable - 1))  # this process is one of them
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return 0.0


def _runnable_tasks() -> int | None:
    """Runnable tasks system-wide right now (Linux: ``/proc/loadavg``'s ``running/total``), else ``None``.

    A snapshot: a busy neighbour between two bursts of work is missed, which
    costs at worst the 40 % above for this one run; the lagging average
    wrongly kept every run after a busy minute in one process.
    """
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return int(handle.read().split()[3].split("/", 1)[0])
    except (OSError, IndexError, ValueError):
        return None


def prefetch(reads: Sequence[Callable[[], T]], *, jobs: int | None, enabled: bool = True) -> list[Callable[[], T]]:
    """One callable per read, returning that read's result; workers start reading at once.

    ``reads`` must be picklable (``functools.partial`` of module-level reader
    functions).  ``jobs`` processes share the work: ``jobs - 1`` workers and
    this process, which reads every ``jobs``-th batch itself (in order, so it
    is never idle waiting for the first batch, and only the workers' share is
    pickled).  With ``enabled=False``, ``jobs <= 1`` or fewer than
    :data:`PARALLEL_THRESHOLD` reads, the same callables come back untouched.
    The worker pool closes itself once every result has been handed out.
    """
    global _last_stats
    count = len(reads)
    jobs = min(jobs if jobs is not None else default_jobs(), (count + BATCH_SIZE - 1) // BATCH_SIZE)
    if not enabled or jobs <= 1 or count < PARALLEL_THRESHOLD:
        _last_stats = ParallelStats(files=count)
        return list(reads)
    executor = _executor(jobs - 1)
    pending = [sum(1 for start in range(0, count, BATCH_SIZE) if (start // BATCH_SIZE) % jobs)]
    batches: list[_Batch] = []
    for start in range(0, count, BATCH_SIZE):
        own = (start // BATCH_SIZE) % jobs == 0
        batches.append(_Batch(list(reads[start : start + BATCH_SIZE]), None if own else executor, pending))
    _last_stats = ParallelStats(workers=jobs - 1, batches=len(batches), files=count)
    return [_Slot(batches[index // BATCH_SIZE], index % BATCH_SIZE) for index in range(count)]


class _Batch:
    """Up to :data:`BATCH_SIZE` reads: sent to a worker (unpickled once on first use), or read here."""

    def __init__(self, reads: list[Callable[[], Any]], executor: Executor | None, pending: list[int]) -> None:
        self.reads = reads
        self.future: Future[bytes] | None = None if executor is None else executor.submit(_read_batch, reads)
        self.executor = executor
        self.pending = pending
        """Worker batches not yet collected, shared by all batches of one prefetch."""
        self.values: list[Any] | None = None

    def value(self, position: int) -> Any:
        if self.values is None:
            self.values = self._collect()
        return self.values[position]

    def _collect(self) -> list[Any]:
        if self.future is None:
            return [read() for read in self.reads]
        from concurrent.futures.process import BrokenProcessPool

        try:
            values = pickle.loads(self.future.result())  # our own workers' output
        except (BrokenProcessPool, pickle.PicklingError, OSError):
            # A worker died (out of memory, killed): read this batch here instead.
            values = [read() for read in self.reads]
        self.pending[0] -= 1
        if self.pending[0] == 0 and self.executor is not None:  # every worker batch collected
            self.executor.shutdown(wait=False)
        return values


class _Slot:
    """One read's result inside its batch (what ``ReadCache.fetch`` calls on a miss)."""

    __slots__ = ("_batch", "_position")

    def __init__(self, batch: _Batch, position: int) -> None:
        self._batch = batch
        self._position = position

    def __call__(self) -> Any:
        return self._batch.value(self._position)


def _read_batch(batch: list[Callable[[], Any]]) -> bytes:
    """Run in a worker: every read of the batch, pickled together (see ``cache.dump_value``)."""
    from .cache import dump_value

    return dump_value([read() for read in batch])


def _executor(workers: int) -> Executor:
    """Worker processes; forked where that is safe and cheap (the readers are already imported)."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from . import python, template  # noqa: F401 - imported before forking, not once per worker

    # Forking a process that runs other threads (a language server) can deadlock a child.
    fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if fork else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
