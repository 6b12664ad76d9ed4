"""The application: the only place that joins ingest, the archive and the index.

`ingest_run` reads files into letters in worker processes and commits them from one writer;
`index_sync` keeps the search index (a cache) in line with the catalog (the truth).
"""
