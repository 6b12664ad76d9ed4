"""The ingest run: find letters, read them in worker processes, commit them from one writer.

Workers run read_letter (render, OCR, parse) and return plain data; only this process
writes the archive and the index, letter by letter, so a crash loses at most the letters
in flight and a re-run picks up where it stopped (what is archived is skipped by hash).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
import traceback
from collections import deque
from dataclasses import dataclass, field

from letterbook.app.replies import relink, restore_links
from letterbook.app.people import fill_if_empty, refresh_letter, restore_people
from letterbook.app.workers import Interrupted, Interruption, PoolRun, WorkerPool, largest_first
from letterbook.ingest.discover import LETTER_SUFFIXES, UnsupportedFile, group_pages, walk
from letterbook.ingest.tesseract import missing_languages  # noqa: F401  (the CLI checks --lang up front)
from letterbook.ingest.reader import TooLarge, load_source, parse_size, read_letter, reads_as_letter  # noqa: F401
from letterbook.model import Letter, ReadOptions, letter_hash


# An ingest leaves its letters in a few index segments, one or two for each batch of
# up to 50,000 letters, and merges only when an index has more than MAX_SEGMENTS, and then
# only the smallest ones. Merging rewrites every posting in Python (at 10,000 transcripts a
# merge into one segment took 44 s of a 110 s ingest, and it grows faster than the index),
# while every segment adds to each search (at 100,000 letters, 20 segments of 5,000: p95
# over all kinds of query 58 ms, against 35 ms with 4). 'letterbook reindex' always builds
# one segment.
MAX_SEGMENTS = 12
INDEX_BATCH = 50_000
# Letters that arrive slowly (scans) reach the index every half minute, so that a search run
# meanwhile finds them; a fast stream (transcripts, born-digital PDFs) every five minutes, in
# big batches, which leave fewer segments.
FLUSH_SLOW_S, FLUSH_FAST_S, SLOW_BATCH = 30, 300, 1000


@dataclass
class Summary:
    archived: int = 0
    reextracted: int = 0
    already: int = 0
    failed: list = field(default_factory=list)   # (path, reason)
    skipped: list = field(default_factory=list)  # (path, reason): links not followed, files not letters
    restored: int = 0                            # damaged or missing originals put back
    not_read: int = 0                            # letters left when interrupted
    interrupted: int = None                      # the signal that stopped the run
    index_error: str = None                      # the index could not be written (the catalog was)
    pages: int = 0
    seconds: float = 0.0
    stages: dict = field(default_factory=dict)   # stage -> seconds, summed over letters

    def as_json(self) -> dict:
        return {"archived": self.archived, "reextracted": self.reextracted, "already": self.already,
                "pages": self.pages, "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "skipped": [{"path": p, "reason": r} for p, r in self.skipped], "restored": self.restored,
                "not_read": self.not_read, "interrupted": self.interrupted, "index_error": self.index_error,
                "seconds": round(self.seconds, 2), "stages": {k: round(v, 2) for k, v in self.stages.items()}}


class Reporter:
    """What the pipeline tells its user; the CLI renders it."""

    def start(self, total: int): ...
    def archived(self, letter_id: str, reading: Letter, replaced: bool): ...
    def already(self, label: str, letter_id: str): ...
    def restored(self, label: str, letter_id: str): ...
    def skipped(self, path: str, reason: str): ...
    def notice(self, text: str): ...
    def failed(self, path: str, reason: str): ...
    def waiting_for_lock(self, holder: str): ...
    def advance(self, pages: int): ...
    def finish(self, summary: Summary): ...


def _run_work(sources, options):
    """The work unit, guarded so that a bug in reading one letter fails only that letter."""
    try:
        return read_letter(sources, options)
    except Exception as err:  # an unexpected fault: report it as this letter's failure
        reading = Letter(sources=[])
        reading.error = f"internal error while reading ({type(err).__name__}: {err})"
        reading.error_path = sources[0].path if sources else "?"
        reading.timings["traceback"] = traceback.format_exc()
        return reading


class Ingest:
    def __init__(self, archive, index, options: ReadOptions, *, jobs: int = None, reextract=False,
                 one_letter=False, reporter: Reporter = None, index_batch: int = INDEX_BATCH,
                 debug=False, dask_scheduler: str = None, follow_links: bool = False):
        self.archive, self.index = archive, index
        self.options = options
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.reextract, self.one_letter = reextract, one_letter
        self.report = reporter or Reporter()
        self.index_batch = index_batch
        self.debug = debug
        self.dask_scheduler = dask_scheduler
        self.follow_links = follow_links
        self.summary = Summary()
        self._pending_index: list = []
        self._new_ids: set = set()   # of those, letters this run added (none of them is in the index yet)
        self._batch = None          # the open catalog transaction, shared by a few letters
        self._batch_size = 0
        self._batch_started = 0.0
        self._index_flushed = time.perf_counter()
        self.interruption = Interruption()

    def params(self) -> dict:
        return dict(self.options.as_params(), jobs=self.jobs)

    def run(self, paths) -> Summary:
        started = time.perf_counter()
        from letterbook.app.archive_paths import refuse_archive_among
        refuse_archive_among(paths, self.archive.root)  # Library checks first, before making an archive
        problems, bags, loose = [], [], []
        from letterbook.ingest.bags import BagError, is_bag, letters_in_bag, people_in_bag
        for path in paths:
            (bags if is_bag(Path(path)) else loose).append(path)
        in_folders = set()
        files = walk(loose, problems, exclude=self.archive.root, skipped=self.summary.skipped,
                     follow_links=self.follow_links, in_folders=in_folders)
        for path, reason in problems:
            self._fail(path, reason)
        for path, reason in self.summary.skipped:
            self.report.skipped(path, reason)
        candidates = group_pages(files, self.one_letter)
        for candidate in candidates:
            candidate.walked = all(path in in_folders for path in candidate.paths)
        people_of_bags = []
        for bag in bags:
            try:
                found = letters_in_bag(Path(bag))
                carried = people_in_bag(Path(bag))
                candidates += found
                people_of_bags += [carried] if carried else []
            except BagError as err:
                for where, problem in err.problems:  # one line per problem; nothing of the bag goes in
                    self._fail(where, problem)
        self.archive.lock(on_wait=self.report.waiting_for_lock)
        try:
            fill_if_empty(self.archive)  # an archive from before people were read
            self._sync_index()  # start from an index in line with the catalog
            self.report.start(len(candidates))
            try:
                with self.interruption:
                    self._process(candidates)
            finally:
                self._close_batch()
            if not self.interruption:  # the archivist's people rules come back with the bag's letters
                for carried in people_of_bags:
                    self._pending_index.extend(restore_people(self.archive, carried))
            self.summary.interrupted = self.interruption.signum
            self._flush_index()
            if (self.summary.archived or self.summary.reextracted) and not self.summary.index_error \
                    and not self.interruption:
                self._healing_index(self._merge_if_many)
        finally:
            self.archive.unlock()
        self.summary.seconds = time.perf_counter() - started
        self.report.finish(self.summary)
        return self.summary

    # -- preparing work
    def _prepare(self, candidate):
        """Load and hash the files; None when there is nothing to read (done or failed)."""
        sources, media = [], []
        for path in candidate.paths:
            try:
                source, kind = load_source(path, self.options.max_bytes)
                media.append(kind)
            except UnsupportedFile as err:
                if candidate.walked and Path(path).suffix.lower() not in LETTER_SUFFIXES:
                    self._skip(path, str(err))  # a stray file among the letters, not a letter
                else:
                    self._fail(str(path), f"unsupported file: {err}")
                return None
            except TooLarge as err:
                self._fail(str(path), str(err))
                return None
            except FileNotFoundError:
                self._fail(str(path), "the file disappeared before it could be read")
                return None
            except PermissionError:
                self._fail(str(path), "permission denied")
                return None
            except IsADirectoryError:
                self._fail(str(path), "is a directory")
                return None
            except OSError as err:
                self._fail(str(path), f"cannot be read ({err.strerror or err})")
                return None
            if candidate.restore:  # back from a bag: the names it had when first archived
                n = len(sources)
                source.name = candidate.restore["names"][n]
                source.path = candidate.restore["original_paths"][n] or source.path
            sources.append(source)
        content = letter_hash([s.sha256 for s in sources])
        row = self.archive.catalog.letter_by_hash(content)
        existing = row["id"] if row is not None and row["removed_at"] is None else None
        if existing is None and len(sources) == 1:
            existing = self.archive.catalog.letter_for_file(sources[0].sha256)
        if existing and self._restore_originals(sources, candidate.label, existing) and not self.reextract:
            return None
        if existing and not self.reextract:
            self.summary.already += 1
            self.report.already(candidate.label, existing)
            self.report.advance(0)
            return None
        return sources, media, existing, candidate.restore, candidate.walked

    def _process(self, candidates):
        if self.dask_scheduler:
            return self._process_on_dask(candidates)
        queue = deque(candidates if self.jobs == 1 else largest_first(candidates))
        if self.jobs == 1:
            while queue and not self.interruption:
                prepared = self._prepare(queue.popleft())
                if prepared:
                    try:
                        self.interruption.reading = True  # a signal stops the reading at once
                        reading = _run_work(prepared[0], self.options)
                    except Interrupted:
                        self.summary.not_read += 1
                        break
                    finally:
                        self.interruption.reading = False
                    self._commit(reading, *prepared[1:])
            self.summary.not_read += len(queue) if self.interruption else 0
            return

        def next_item():
            while queue and not self.interruption:
                candidate = queue.popleft()
                prepared = self._prepare(candidate)
                if prepared:
                    return candidate.label, (prepared[0], self.options), prepared[1:]
            return None

        pool = WorkerPool(self.jobs, self.archive.lock_fd())
        run = PoolRun(pool, _run_work, next_item=next_item, window=self.jobs * 2, stop=self.interruption,
                      commit=lambda item, reading: self._commit(reading, *item[2]),
                      lost=lambda labels: self.report.notice(
                          "a worker process died while reading " + ", ".join(labels) + "; reading "
                          + ("it" if len(labels) == 1 else "them") + " again, one at a time"),
                      failed=lambda item, reason: self._fail(item[0], reason))
        try:
            run.run()
        finally:
            if self.interruption:
                pool.kill()
            else:
                pool.close()
        self.summary.not_read += run.not_read + (len(queue) if self.interruption else 0)

    def _process_on_dask(self, candidates):
        """The same work unit on a Dask cluster; catalog and index writes stay here.

        Workers are sent each letter's bytes, so they need no access to these files.
        """
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise RuntimeError("--dask-scheduler needs dask's distributed package: pip install 'letterbook[dask]'")
        client = Client(self.dask_scheduler, timeout="30s")
        try:
            threads = sum(client.nthreads().values()) or 1
            window = threads * 2
            queue = deque(largest_first(candidates))
            pending = {}
            finished = as_completed()

            def fill():
                while queue and len(pending) < window:
                    candidate = queue.popleft()
                    prepared = self._prepare(candidate)
                    if prepared:
                        future = client.submit(_run_work, prepared[0], self.options, pure=False)
                        pending[future.key] = (candidate.label, *prepared[1:])
                        finished.add(future)

            fill()
            for future in finished:
                label, media, existing, restore, walked = pending.pop(future.key)
                try:
                    reading = future.result()
                except Exception as err:  # a worker was lost
                    reading = Letter(sources=[], error=f"Dask worker failed ({type(err).__name__}: {err})",
                                     error_path=label)
                future.release()
                self._commit(reading, media, existing, restore, walked)
                fill()
        finally:
            client.close()

    def _restore_originals(self, sources, label, letter_id) -> bool:
        """Put back the archived copies of these files that are missing or altered: the bytes
        just read have the hash the catalog holds, so they are the original."""
        restored = [s for s in sources if self.archive.restore_original(s.sha256, s.data, letter_id, s.path)]
        if restored:
            self.summary.restored += len(restored)
            self.report.restored(label, letter_id)
            self.report.advance(0)
        return bool(restored)

    # -- the writer
    def _commit(self, reading: Letter, media, existing, restore=None, walked=False):
        for stage, seconds in reading.timings.items():
            if isinstance(seconds, float):
                self.summary.stages[stage] = self.summary.stages.get(stage, 0.0) + seconds
        if reading.error:
            if self.debug and "traceback" in reading.timings:
                self.report.failed(reading.error_path, reading.timings["traceback"])
            self._fail(reading.error_path, reading.error)
            return
        if walked and set(media) == {"text/plain"} and not reads_as_letter(reading):
            self._skip(reading.sources[0].path, "plain text with no line of a letter "
                                                 "(address, date, salutation or closing)")
            return
        started = time.perf_counter()
        self._open_batch()
        twin = self.archive.catalog.letter_by_hash(reading.content_hash)
        if not existing and twin is not None and twin["removed_at"] is None:
            # the same content came twice in this run and was read twice in parallel
            self.summary.already += 1
            self.report.already(reading.sources[0].path, twin["id"])
            self.report.advance(0)
            return
        if existing:
            self.archive.replace(existing, reading, self.params())
            letter_id = existing
            self.summary.reextracted += 1
        else:
            params = dict(self.params(), restored_from=restore["bag"]) if restore else self.params()
            letter_id = self.archive.add(reading, media, params)
            self.summary.archived += 1
        if restore and restore["corrections"]:
            self.archive.correct(letter_id, restore["corrections"])
        if restore and restore.get("reply_links"):
            restore_links(self.archive, letter_id, restore["reply_links"])
        relink(self.archive, letter_id)  # what it answers, and what answers it
        # other letters whose persons this one regrouped are indexed again with it
        self._pending_index.extend(refresh_letter(self.archive, letter_id))
        self.summary.stages["catalog"] = self.summary.stages.get("catalog", 0.0) + time.perf_counter() - started
        self.summary.pages += len(reading.pages)
        self.report.archived(letter_id, reading, bool(existing))
        self.report.advance(len(reading.pages))
        self._pending_index.append(letter_id)
        if not existing:
            self._new_ids.add(letter_id)
        self._batch_size += 1
        if self._batch_size >= 50 or time.perf_counter() - self._batch_started > 1.0:
            self._close_batch()
        # the index follows in big batches (cheapest per letter, fewest segments), or on time
        waited = time.perf_counter() - self._index_flushed
        pending = len(self._pending_index)
        if pending >= self.index_batch or waited > (FLUSH_SLOW_S if pending < SLOW_BATCH else FLUSH_FAST_S):
            self._flush_index()

    # Letters commit to the catalog in small batches: one fsync for many letters. Each
    # letter's original is already on disk before its rows commit, so a crash loses at most
    # the rows of one batch, which the next run adds again.
    def _open_batch(self):
        if self._batch is None:
            self._batch = self.archive.catalog.transaction()
            self._batch.__enter__()
            self._batch_size, self._batch_started = 0, time.perf_counter()

    def _close_batch(self):
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.__exit__(*sys.exc_info())

    def _flush_index(self):
        self._close_batch()  # the index follows the catalog, never leads it
        if not self._pending_index:
            return
        from letterbook.app.index_sync import records
        started = time.perf_counter()
        ids, self._pending_index = list(dict.fromkeys(self._pending_index)), []  # a regrouped letter comes twice
        # small batches let Whoosh fold small segments together as it goes; big ones stay
        # segments of their own (see MAX_SEGMENTS)
        new, self._new_ids = self._new_ids, set()
        if self.summary.index_error:
            return  # the next run brings the index in line with the catalog
        try:
            self._healing_index(self.index.update, records(self.archive, ids), seq=self.archive.catalog.seq(),
                                merge=len(ids) < 500, procs=self.jobs, count=len(ids), new_ids=new)
        except Exception as err:  # a full disk, the folder gone: the letters are safe in the catalog
            if self.debug:
                raise
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            self.summary.index_error = f"the search index could not be written ({reason}); every letter " \
                                       "is in the catalog, and the next letterbook command brings the index up to date"
            self.report.failed(str(self.index.folder), self.summary.index_error)
        self._index_flushed = time.perf_counter()
        self._add_time("index", started)

    def _merge_if_many(self):
        if self.index.segment_count() > MAX_SEGMENTS:
            merging = time.perf_counter()
            self.index.merge_smallest(MAX_SEGMENTS)
            self._add_time("merge", merging)

    def _healing_index(self, write, *args, **kwargs):
        """write(*args, **kwargs) on the index; if the index proves damaged, it is rebuilt from
        the catalog (which holds every letter committed so far) instead, and the user told."""
        from letterbook.app.index_sync import rebuild
        from letterbook.index import IndexDamaged
        try:
            write(*args, **kwargs)
        except IndexDamaged:
            self.report.notice("the search index was damaged; rebuilding it from the catalog")
            rebuild(self.archive, self.index)

    def _sync_index(self):
        """The index in line with the catalog before the run adds to it; rebuilt if it cannot be read."""
        from letterbook.app.index_sync import rebuild, sync
        from letterbook.index import IndexDamaged
        try:
            sync(self.archive, self.index)
        except (IndexDamaged, OSError) as err:
            self.report.notice(f"the search index could not be read ({err}); rebuilding it from the catalog")
            rebuild(self.archive, self.index)

    def _add_time(self, stage, started):
        self.summary.stages[stage] = self.summary.stages.get(stage, 0.0) + time.perf_counter() - started

    def _skip(self, path, reason):
        self.summary.skipped.append((str(path), reason))
        self.report.skipped(str(path), reason)

    def _fail(self, path, reason):
        self.summary.failed.append((str(path), reason))
        self.report.failed(str(path), reason)
