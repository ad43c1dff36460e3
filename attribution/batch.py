"""Batch extraction across processes or machines: one pipeline, mapped over batches of documents.

A runner has the verb of :class:`~attribution.pipeline.Pipeline`,
``iter_process(docs, progress)``, which yields ``(document, attributions)`` in
input order whatever order the batches finish in; so the CLI, ``tracker.extract_store``
and the one-shot ``extract --format jsonl`` take a runner wherever they took a
pipeline, and the output does not depend on how many workers made it.

* :class:`InlineRunner`: the pipeline in this process (the default, ``--workers 1``).
* :class:`ProcessPoolRunner`: ``--workers N`` local processes. Each worker gets
  the caller's pipeline once, when it starts, and loads the stanza models
  once; each runs torch on one thread (see :func:`_threads_per_worker`), so
  ``--workers`` = the number of cores is the way to use them all.
* :class:`DaskRunner`: a Dask ``distributed`` cluster, a local one
  (``--dask local``) or a running one (``--scheduler tcp://host:8786``, whose
  workers need this package and the models at the same path). The pipeline
  is scattered to every worker once; each task is one batch.

Workers only compute: documents in, attributions out. They never open the
store; the caller writes the results, in batches, in one transaction (see
``tracker.extract_store``). At most ``2 × workers`` batches are in flight, so
memory stays bounded however many documents there are.

Ctrl-C: the runner cancels what is pending and stops its workers at once
(they ignore SIGINT themselves and never write anything), and the
KeyboardInterrupt reaches the command, which aborts the store: an
interrupted run writes nothing.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from .errors import AttributionError, ExtractionError, UsageError
from .models import Attribution, Document
from .pipeline import Pipeline

__all__ = ["DaskRunner", "InlineRunner", "ProcessPoolRunner", "Runner", "make_runner"]

Progress = Callable[[int], None] | None
Results = Iterator[tuple[Document, list[Attribution]]]

#: the pipeline of a worker process (set once, when the worker starts)
_WORKER_PIPELINE: Pipeline | None = None


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _threads_per_worker(workers: int) -> int:
    """Torch threads per worker process: one. Scale with processes, not threads: stanza parses sentences in
    small batches, which gain little from intra-op threads, and on a busy machine those threads spin against
    each other (measured on this 2-core machine under load: 0.2 docs/s with 2 threads, 1.5 docs/s with 1)."""
    return 1


def load_models(pipeline: Pipeline, threads: int | None = None) -> None:
    """Load what the pipeline needs now (the stanza models), not on the first document; cap torch's threads."""
    if pipeline.annotator.name != "stanza":
        return
    if threads:
        os.environ["OMP_NUM_THREADS"] = str(threads)
        import torch

        torch.set_num_threads(threads)
    _ = pipeline.annotator.pipeline  # StanzaAnnotator.pipeline loads the process-wide stanza Pipeline


def process_batch(pipeline: Pipeline, docs: list[Document]) -> dict[str, list[Attribution]]:
    """The function every runner maps over batches: ``Pipeline.process_many``.

    Raises:
        ExtractionError: the pipeline failed; names the document it fails on (found by trying the batch's
            documents one at a time), with the original error as its cause.
    """
    try:
        return pipeline.process_many(docs)
    except AttributionError:
        raise
    except Exception as e:  # noqa: BLE001 - a bug in a stage: say on which document, keep the cause
        culprit = _failing_document(pipeline, docs)
        where = f"document {culprit}" if culprit else f"a batch of {len(docs)} documents from {docs[0].id}"
        raise ExtractionError(f"extraction failed on {where} ({e.__class__.__name__}: {e})",
                              hint="rerun with --debug for the traceback, and report it") from e


def _failing_document(pipeline: Pipeline, docs: list[Document]) -> str | None:
    for d in docs:
        try:
            pipeline.process_many([d])
        except Exception:  # noqa: BLE001 - looking for the one that fails
            return d.id
    return None


class Runner:
    """Base of the runners: ordered, windowed submission of batches; a context manager that stops workers."""

    name = "runner"
    workers = 1

    def __init__(self, pipeline: Pipeline, batch_size: int | None = None) -> None:
        self.pipeline = pipeline
        self.batch_size = batch_size or pipeline.batch_size

    # subclasses: start workers / submit one batch (a future with .result()) / cancel / stop
    def start(self) -> None: ...

    def _submit(self, batch: list[Document]) -> Any:
        raise NotImplementedError

    def _cancel(self, futures: list[Any]) -> None: ...

    def close(self, wait: bool = True) -> None: ...

    def _result(self, future: Any) -> dict[str, list[Attribution]]:
        return future.result()

    def iter_process(self, docs: Iterable[Document], progress: Progress = None) -> Results:
        """Yield every document with its attributions, in input order."""
        window = 2 * max(1, self.workers)
        pending: deque[tuple[list[Document], Any]] = deque()
        done = False
        try:
            for batch in _batches(docs, self.batch_size):
                pending.append((batch, self._submit(batch)))
                if len(pending) >= window:
                    yield from self._emit(*pending.popleft(), progress)
            while pending:
                yield from self._emit(*pending.popleft(), progress)
            done = True
        finally:
            if not done:  # interrupted, or the caller stopped reading: nothing more is computed
                self._cancel([f for _, f in pending])

    def _emit(self, batch: list[Document], future: Any, progress: Progress) -> Results:
        res = self._result(future)
        for d in batch:
            yield d, res[d.id]
        if progress:
            progress(len(batch))

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(wait=exc_type is None)

    def describe(self) -> str:
        return f"{self.workers} worker process(es)"


class InlineRunner(Runner):
    """The pipeline in this process, as ``extract`` has always run it."""

    name = "inline"

    def iter_process(self, docs: Iterable[Document], progress: Progress = None) -> Results:
        for batch in _batches(docs, self.batch_size):
            res = process_batch(self.pipeline, batch)
            for d in batch:
                yield d, res[d.id]
            if progress:
                progress(len(batch))


# -- local processes ------------------------------------------------------------------------------------

def _init_worker(pipeline: Pipeline, threads: int, ready) -> None:
    """Runs once in every pool process: keep the pipeline, load its models, report ready (or why not)."""
    global _WORKER_PIPELINE
    # Ctrl-C reaches the whole process group; the client decides what stops, and stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        load_models(pipeline, threads)
        _WORKER_PIPELINE = pipeline
        ready.put((os.getpid(), None))
    except BaseException as e:  # noqa: BLE001 - sent to the client, which raises it
        ready.put((os.getpid(), e))


def _pool_batch(docs: list[Document]) -> dict[str, list[Attribution]]:
    if _WORKER_PIPELINE is None:
        raise ExtractionError("a worker process has no pipeline (its start-up failed)")
    return process_batch(_WORKER_PIPELINE, docs)


def _noop() -> None:
    return None


class ProcessPoolRunner(Runner):
    """``workers`` local processes, each with its own copy of the pipeline, loaded once."""

    name = "processes"

    def __init__(self, pipeline: Pipeline, workers: int, batch_size: int | None = None,
                 start_timeout: float = 600.0) -> None:
        super().__init__(pipeline, batch_size)
        self.workers = workers
        self.start_timeout = start_timeout
        self._pool = None

    def start(self) -> None:
        import multiprocessing as mp
        import queue
        import time
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the client may hold torch threads, and a forked copy of them deadlocks
        ctx = mp.get_context("spawn")
        ready = ctx.Queue()
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                         initargs=(self.pipeline, _threads_per_worker(self.workers), ready))
        # one task per worker makes the pool start them all now; each reports once its models are loaded
        probes = [self._pool.submit(_noop) for _ in range(self.workers)]
        deadline = time.monotonic() + self.start_timeout
        started = 0
        while started < self.workers:
            try:
                _pid, err = ready.get(timeout=0.5)
            except queue.Empty:
                for p in probes:
                    if p.done() and p.exception() is not None:
                        raise self._broken(p.exception()) from p.exception()
                if time.monotonic() > deadline:
                    raise ExtractionError(f"the worker processes did not start within {self.start_timeout:.0f} s")
                continue
            if err is not None:
                raise err
            started += 1

    def _submit(self, batch: list[Document]) -> Any:
        return self._pool.submit(_pool_batch, batch)

    def _result(self, future: Any) -> dict[str, list[Attribution]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as e:
            raise self._broken(e) from e

    @staticmethod
    def _broken(e: BaseException) -> ExtractionError:
        return ExtractionError(f"a worker process died ({e.__class__.__name__}); nothing of this run was written",
                               hint="it may have run out of memory: try fewer --workers")

    def _cancel(self, futures: list[Any]) -> None:
        for f in futures:
            f.cancel()

    def close(self, wait: bool = True) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not wait:
            # a batch in progress is not worth finishing: nothing will be written
            for p in list(getattr(pool, "_processes", {}).values()):
                p.terminate()
        # shutdown() forgets its manager thread: keep hold of it first
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=wait, cancel_futures=True)
        if not wait and manager is not None:
            # let the manager thread finish closing its wakeup pipe now: on Python 3.11 the interpreter's
            # exit hook may otherwise write to that pipe while the thread closes it, and print a
            # "Bad file descriptor" traceback after a clean Ctrl-C
            manager.join(timeout=10)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while child processes start (they keep ignoring it); the main thread only can do this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# -- Dask -------------------------------------------------------------------------------------------

def _dask_warm(pipeline: Pipeline, threads: int | None) -> str | None:
    """Runs once on every Dask worker: load the models; returns why not, or None."""
    try:
        load_models(pipeline, threads)
    except Exception as e:  # noqa: BLE001 - reported by the client, with the worker's address
        return f"{e.__class__.__name__}: {e}"
    return None


class DaskRunner(Runner):
    """Batches as tasks on a Dask ``distributed`` cluster: a local one (``scheduler=None``) or a running one."""

    name = "dask"

    def __init__(self, pipeline: Pipeline, scheduler: str | None = None, workers: int | None = None,
                 batch_size: int | None = None) -> None:
        super().__init__(pipeline, batch_size)
        self.scheduler = scheduler
        self.workers = workers or (os.cpu_count() or 1)
        self._client = None
        self._cluster = None
        self._pipe = None

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise UsageError("Dask extraction needs the dask and distributed packages",
                             hint="pip install 'arabic-attribution[dask]'") from e
        threads: int | None = None
        if self.scheduler:
            import dask

            # how long to try is Dask's own setting (distributed.comm.timeouts.connect, 30 s unless configured)
            timeout = dask.config.get("distributed.comm.timeouts.connect")
            try:
                self._client = Client(self.scheduler, timeout=timeout)
            except (OSError, TimeoutError, ValueError) as e:
                raise ExtractionError(f"cannot reach the Dask scheduler at {self.scheduler}: {e}",
                                      hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`"
                                      ) from e
        else:
            # the worker processes inherit an ignored SIGINT: Ctrl-C is the client's to handle (it stops them)
            with _sigint_ignored():
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.CRITICAL)
            self._client = Client(self._cluster)
            threads = _threads_per_worker(self.workers)
        info = self._client.scheduler_info().get("workers", {})
        if not info:
            raise ExtractionError(f"the Dask cluster at {self.scheduler} has no workers")
        self.workers = sum(w.get("nthreads", 1) for w in info.values())
        failed = {addr: err for addr, err in self._client.run(_dask_warm, self.pipeline, threads).items() if err}
        if failed:
            addr, err = next(iter(failed.items()))
            raise ExtractionError(f"Dask worker {addr} cannot run the pipeline: {err}",
                                  hint="every worker needs this package and the models at the same path")
        self._pipe = self._client.scatter(self.pipeline, broadcast=True)

    def _submit(self, batch: list[Document]) -> Any:
        return self._client.submit(process_batch, self._pipe, batch, pure=False)

    def _cancel(self, futures: list[Any]) -> None:
        if self._client is not None and futures:
            try:
                self._client.cancel(futures)
            except Exception:  # noqa: BLE001 - the cluster may be gone already; we are stopping anyway
                pass

    def close(self, wait: bool = True) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = self._pipe = None
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing after a failure must not hide the failure
                    pass

    def describe(self) -> str:
        where = f"the Dask cluster at {self.scheduler}" if self.scheduler else "a local Dask cluster"
        return f"{where} ({self.workers} worker thread(s))"


def make_runner(pipeline: Pipeline, workers: int = 1, dask: str | None = None, scheduler: str | None = None,
                batch_size: int | None = None) -> Runner:
    """The runner the flags ask for: ``--workers N``, ``--dask local``, ``--scheduler ADDRESS``.

    Raises:
        UsageError: contradictory or impossible flags.
    """
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if batch_size is not None and batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
    if dask and scheduler:
        raise UsageError("give --dask local or --scheduler ADDRESS, not both")
    if dask is not None and dask != "local":
        raise UsageError(f"--dask takes 'local' (a cluster on this machine), not {dask!r}; "
                         "use --scheduler ADDRESS for a running cluster")
    if scheduler:
        return DaskRunner(pipeline, scheduler=scheduler, batch_size=batch_size)
    if dask:
        return DaskRunner(pipeline, workers=workers if workers > 1 else None, batch_size=batch_size)
    if workers > 1:
        return ProcessPoolRunner(pipeline, workers, batch_size=batch_size)
    return InlineRunner(pipeline, batch_size=batch_size)
