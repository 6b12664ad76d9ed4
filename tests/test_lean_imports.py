"""A search process does not load what Whoosh imports and never uses, and Whoosh still works
when it does use it (a segment with deletions reads a cached_property, which asks asyncio)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from letterbook.index import LetterIndex
    from letterbook.model import LetterRecord
    unused = ("urllib.request", "asyncio", "whoosh.lang.morph_en", "http.client")
    print(sorted(m for m in unused if m in sys.modules))
    ix = LetterIndex(Path(sys.argv[1]))
    letters = [LetterRecord(id=f"L{n}", format="txt", fields={}, sources=[{"name": f"{n}.txt"}],
                            pages=[{"number": 1, "confidence": None, "text": f"harbour wall {n}"}])
               for n in range(5)]
    ix.update(letters)
    ix.update([], removed_ids=["L2"])  # a deletion: Whoosh's reader then uses cached_property
    print(ix.search("harbour", limit=10).total, "asyncio" in sys.modules)
    import asyncio
    async def ask(): return 1
    print(asyncio.iscoroutinefunction(ask), sys.modules["cached_property"].asyncio.iscoroutinefunction(ask))
    from cached_property import cached_property
    class Held:
        @cached_property
        async def value(self):
            return 7
    async def main():
        return await Held().value
    print(asyncio.run(main()))
    from whoosh import query
    print(sorted(query.Variations("body", "walls")._btexts(ix.searcher().reader()))[:1])
    import urllib.request
    print(urllib.request.urlopen is not None, type(sys.modules["asyncio"]).__name__)
""")


def test_search_starts_without_unused_modules_and_whoosh_still_works(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "index")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "4 False", "True True", "7", "[b'wall']", "True module"]
