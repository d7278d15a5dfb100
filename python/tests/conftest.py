"""Fixtures: corpus/ (299 real ANT articles, and the same articles in the other formats) indexed once
per session with fahras.Indexer into a temporary database, as tests/corpus_db.h does for the C++
suites."""

import pathlib

import pytest

import fahras

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "db"
    with fahras.Indexer(path) as indexer:
        summary = indexer.index_paths([CORPUS])
    assert summary["files_skipped"] == 0, summary["problems"]
    assert summary["articles"] > 250
    return path


@pytest.fixture
def db(corpus_db):
    with fahras.open(corpus_db) as database:
        yield database
