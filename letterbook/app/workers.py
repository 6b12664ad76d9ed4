"""The worker processes of an ingest, and what happens when they or their writer go away.

Workers only read letters; the writer (this process) decides everything else. So a worker
ignores Ctrl-C (the terminal sends it to the whole process group; the writer stops them),
writes nothing to the writer's output (a worker left behind must not hold `| tee` open), and
dies with the writer: Linux kills it when its parent dies (PR_SET_PDEATHSIG), and a watcher
thread notices a changed parent pid where that is not available.

A worker that dies (killed, out of memory, a crash in a library) breaks the whole pool:
every letter in flight fails with it. PoolRun starts a new pool and reads those letters
again one at a time, so that the one that kills its worker again is known and failed alone.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

PR_SET_PDEATHSIG = 1      # linux/prctl.h
PARENT_POLL_S = 1.0       # how often a worker without prctl looks at its parent
STOP_POLL_S = 0.25        # how soon the writer notices an interrupt while waiting for workers
KILLS_TO_FAIL = 2         # a letter whose worker died this often is failed, not read again


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while reading in this process: nothing is lost by stopping."""


class Interruption:
    """SIGINT and SIGTERM during an ingest, noted rather than obeyed at once: the writer
    finishes committing what is read and stops. Only while this process itself is reading
    (one job, no workers) does a signal stop at once, as Interrupted: reading changes nothing."""

    def __init__(self):
        self.signum = None
        self.reading = False
        self._previous = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._noted)
        return self

    def __exit__(self, *exc):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        return False

    def _noted(self, signum, frame):
        self.signum = signum
        if self.reading:
            raise Interrupted()

    def __bool__(self):
        return self.signum is not None


def init_worker(parent_pid: int, lock_fd) -> None:
    """A new worker process: let go of what belongs to the writer, and die with it."""
    if lock_fd is not None:  # the archive lock must end with the writer
        try:
            os.close(lock_fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the watcher below still notices
    if os.getppid() != parent_pid:  # the writer died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent_pid:
            os._exit(1)


def largest_first(candidates: list) -> list:
    """Letters in order of the bytes they hold, largest first: a big letter started last
    keeps one worker busy while the others have nothing left to do (26 scanned letters on
    two workers: 20.4 s in the order found, 20.0 s largest first)."""
    def size(candidate):
        total = 0
        for path in candidate.paths:
            try:
                total += os.stat(path).st_size
            except OSError:
                pass  # reported when the letter is read
        return total
    return sorted(candidates, key=size, reverse=True)


class WorkerPool:
    """A process pool that can be replaced when broken, and ended at once."""

    def __init__(self, jobs: int, lock_fd):
        self.jobs, self.lock_fd = jobs, lock_fd
        self.executor = self._start()

    def _start(self):
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=init_worker,
                                   initargs=(os.getpid(), self.lock_fd))

    def submit(self, fn, *args):
        return self.executor.submit(fn, *args)

    def restart(self):
        self.executor.shutdown(wait=False, cancel_futures=True)  # broken: its workers are gone
        self.executor = self._start()

    def kill(self):
        """End every worker now: what they are reading is read again by the next run."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        for process in processes:
            try:
                process.kill()
            except (OSError, ValueError):
                pass
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)

    def close(self):
        self.executor.shutdown(wait=True)


class PoolRun:
    """Read work items in worker processes, at most `window` in flight, committing each result
    in this process as it comes.

    next_item() gives the next item, (label, args for work, anything else), or None;
    commit(item, result) takes a result; lost(labels) hears of letters in flight when a worker
    died; failed(item, reason) of a letter that killed its worker twice; stop is true once the
    run should end.
    """

    def __init__(self, pool: WorkerPool, work, *, next_item, commit, lost, failed, stop, window: int):
        self.pool, self.work = pool, work
        self.next_item, self.commit, self.lost, self.failed = next_item, commit, lost, failed
        self.stop, self.window = stop, window
        self.running = {}          # future -> item
        self.suspects = deque()    # items in flight when a worker died: read again alone
        self.unsent = deque()      # items refused by a pool found broken: sent again as they were
        self.deaths = {}           # id(item) -> times a worker died with it in flight
        self.not_read = 0          # items left unread when stopped

    def run(self) -> None:
        while not self.stop:
            self._fill()
            if not self.running:
                if self.suspects or self.unsent:
                    continue  # the pool broke as they were sent: they go to the new one
                return
            done, _ = wait(self.running, timeout=STOP_POLL_S, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                item = self.running.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    self.running[future] = item
                    broken = True
                else:
                    self._finish(item, future)
            if broken:
                self._recover()
        if self.stop:
            self._finish_stopped()

    def _fill(self):
        if self.suspects:  # a suspect is read alone, so that a second death names it
            if not self.running:
                self._submit(self.suspects.popleft())
            return
        while len(self.running) < self.window:
            item = self.unsent.popleft() if self.unsent else self.next_item()
            if item is None or not self._submit(item):
                return

    def _submit(self, item) -> bool:
        try:
            self.running[self.pool.submit(self.work, *item[1])] = item
            return True
        except BrokenProcessPool:  # a worker died since the last look: this item never started
            (self.suspects if self.deaths.get(id(item)) else self.unsent).appendleft(item)
            self._recover()
            return False

    def _finish(self, item, future):
        error = future.exception()
        if error is not None:
            raise error
        result = future.result()
        if self.stop and getattr(result, "error", None):
            self.not_read += 1  # a reading cut short by the interrupt is not a failure
            return
        self.commit(item, result)

    def _recover(self):
        """A worker died: keep what finished, and read the rest again on a new pool."""
        lost = []
        for future, item in list(self.running.items()):
            if future.done() and future.exception() is None:
                self._finish(item, future)
            else:
                lost.append(item)
        self.running.clear()
        self.pool.restart()
        again = []
        for item in lost:
            deaths = self.deaths[id(item)] = self.deaths.get(id(item), 0) + 1
            if deaths >= KILLS_TO_FAIL:
                self.failed(item, f"the worker reading it died {deaths} times (killed by a signal, "
                                  "out of memory, or a crash in a library reading it)")
            else:
                again.append(item)
                self.suspects.append(item)
        if again:
            self.lost([item[0] for item in again])

    def _finish_stopped(self):
        """Interrupted: commit what finished, end the workers, count what was left."""
        for future, item in list(self.running.items()):
            if future.done() and future.exception() is None:
                self._finish(item, future)
            else:
                self.not_read += 1
        self.running.clear()
        self.not_read += len(self.suspects) + len(self.unsent)
        self.suspects.clear()
        self.pool.kill()
