"""Fahras: full-text search for Arabic news, from Python.

    import fahras
    db = fahras.open("news-db")
    for hit in db.search("الانتخابات البلدية", limit=5, since="2017"):
        print(hit.rank, hit.id, hit.title.text)
        print("   ", hit.snippet.marked("**", "**"))

The classes come from the C++ library (the compiled module fahras._fahras); docs/python.md is the
guide. Errors are fahras.Error and its subclasses, each with the one-line message the command-line
tools print: QueryError and UsageError (both also ValueError), DatabaseError, LockedError and
UnavailableError (DatabaseErrors), FileError (also OSError).
"""

from ._fahras import (  # noqa: F401  (the public API)
    Database,
    DatabaseError,
    Error,
    FileError,
    Hit,
    Indexer,
    LockedError,
    QueryError,
    Results,
    Snippet,
    Token,
    UnavailableError,
    UsageError,
    __version__,
    analyze,
)

__all__ = [
    "open", "analyze", "Database", "Indexer", "Results", "Hit", "Snippet", "Token",
    "Error", "UsageError", "QueryError", "DatabaseError", "LockedError", "FileError",
    "UnavailableError",
]


def open(path, *, timeout=10.0, connect_timeout=2.0, allow_partial=False, auto_reopen=True):
    """Opens a Fahras database for searching: a folder (one database or a sharded one), a Xapian
    stub file, tcp://HOST:PORT (a database served by xapian-tcpsrv), or a list of them searched as
    one.

    timeout and connect_timeout are in seconds, for remote databases; with allow_partial, a search
    goes on over the databases that answer and names the others in Results.warnings. With
    auto_reopen (the default), every search first moves to the latest revision an indexer has
    committed, as fahras-search --serve does, so that new articles show without opening again;
    without it, call Database.reopen(). Raises DatabaseError when a path is not a Fahras database.
    The Database may be shared between threads; close it, or use it in a `with` block.
    """
    return Database(path, timeout=timeout, connect_timeout=connect_timeout,
                    allow_partial=allow_partial, auto_reopen=auto_reopen)
