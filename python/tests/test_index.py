"""fahras.Indexer: articles given as dicts (add, replace, delete), paths indexed as fahras-index does,
and a Database seeing what an indexer commits."""

import datetime
import json

import pytest

import fahras

from conftest import CORPUS

UTC = datetime.timezone.utc

ARTICLE = {
    "id": "py-1",
    "title": "اجتماع حول الإنتخابات البلدية في صفاقس",
    "body": "عقدت الهيئة اجتماعا في صفاقس لمناقشة موعد الانتخابات البلدية القادمة.",
    "source": "Mosaique FM",
    "category": "politic",
    "date": "2018-03-05T10:00:00+01:00",
}


def test_add_replace_delete(tmp_path):
    path = tmp_path / "db"
    with fahras.Indexer(path) as indexer:
        indexer.add(ARTICLE)
        indexer.add(dict(ARTICLE, id="py-2", title="مباراة كرة القدم في صفاقس", body="فاز الفريق.",
                         date=datetime.datetime(2018, 3, 6, tzinfo=UTC)))
    with fahras.open(path) as db:
        assert ids(db, "صفاقس") == {"py-1", "py-2"}
        assert ids(db, "الانتخابات") == {"py-1"}
        stored = db.get("py-1")
        assert stored["title"] == ARTICLE["title"] and stored["body"] == ARTICLE["body"]
        assert stored["date"] == datetime.datetime(2018, 3, 5, 9, 0, tzinfo=UTC)
        assert db.get("py-2")["date"] == datetime.datetime(2018, 3, 6, tzinfo=UTC)

        with fahras.Indexer(path) as indexer:
            indexer.replace(dict(ARTICLE, title="تأجيل الاجتماع", body="أجلت الهيئة اجتماعها."))
            indexer.delete("py-2")
            indexer.delete("never-indexed")
        assert db.get("py-1")["title"] == "تأجيل الاجتماع"
        assert ids(db, "الانتخابات") == set()
        assert db.get("py-2") is None
        assert ids(db, "صفاقس") == set()
        assert len(db) == 1


def ids(db, query):
    return {hit.id for hit in db.search(query, limit=100)}


# A Database opened before the commit sees the new articles without being opened again: at once with
# auto_reopen (as the server does), after reopen() without it.
def test_database_sees_commits(tmp_path):
    path = tmp_path / "db"
    with fahras.Indexer(path) as indexer:
        indexer.add(dict(ARTICLE, id="first"))
    automatic = fahras.open(path)
    manual = fahras.open(path, auto_reopen=False)
    assert automatic.count("صفاقس") == manual.count("صفاقس") == 1

    with fahras.Indexer(path) as indexer:
        indexer.add(dict(ARTICLE, id="second"))
        assert automatic.count("صفاقس") == 1  # not committed yet
    assert automatic.count("صفاقس") == 2
    assert manual.count("صفاقس") == 1
    manual.reopen()
    assert manual.count("صفاقس") == 2


# A block that ends with an exception lets it through and closes the indexer (without commit(): a
# rebuild stays beside the database it was to replace), so that another writer can open it.
def test_a_block_that_fails_closes_the_indexer(tmp_path):
    path = tmp_path / "db"
    with fahras.Indexer(path) as indexer:
        indexer.add(dict(ARTICLE, id="kept"))
    with pytest.raises(RuntimeError, match="stop"):
        with fahras.Indexer(path, rebuild=True) as indexer:
            indexer.add(dict(ARTICLE, id="rebuilt"))
            raise RuntimeError("stop")
    with fahras.open(path) as db:
        assert ids(db, "صفاقس") == {"kept"}
    with fahras.Indexer(path) as indexer:
        indexer.add(dict(ARTICLE, id="later"))
    with fahras.open(path) as db:
        assert ids(db, "صفاقس") == {"kept", "later"}


@pytest.mark.parametrize("article,fragment", [
    ({"title": "بلا معرف"}, "id"),
    ({"id": ""}, "id"),
    ({"id": "x", "titel": "خطأ"}, "titel"),
    ({"id": "x", "date": "أمس"}, "date"),
    ({"id": "x", "body": 42}, "body"),
])
def test_bad_articles_raise_value_error(tmp_path, article, fragment):
    with fahras.Indexer(tmp_path / "db") as indexer:
        with pytest.raises(ValueError, match=fragment):
            indexer.add(article)


def test_one_writer_at_a_time(tmp_path):
    with fahras.Indexer(tmp_path / "db"):
        with pytest.raises(fahras.LockedError) as caught:
            fahras.Indexer(tmp_path / "db")
        assert "\n" not in str(caught.value)


def test_bad_options(tmp_path):
    with pytest.raises(ValueError, match="stemmer"):
        fahras.Indexer(tmp_path / "db", stemmer="porter")
    with pytest.raises(ValueError, match="batch_size"):
        fahras.Indexer(tmp_path / "db", batch_size=0)


# index_paths() is fahras-index: incremental, and a bad file is reported, not raised.
def test_index_paths(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    lines = (CORPUS / "formats" / "articles.jsonl").read_text(encoding="utf-8").split("\n")
    jsonl = [line for line in lines if line.startswith("{")]
    assert len(jsonl) >= 4
    (folder / "a.jsonl").write_text("\n".join(jsonl) + "\n", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    path = tmp_path / "db"
    with fahras.Indexer(path) as indexer:
        summary = indexer.index_paths(folder)
    assert summary["articles"] == len(jsonl) and summary["files_skipped"] == 1
    assert [p["path"].endswith("broken.json") and p["skipped"] for p in summary["problems"]] == [True]

    (folder / "a.jsonl").write_text("\n".join(jsonl[:2]) + "\n", encoding="utf-8")
    with fahras.Indexer(path) as indexer:
        again = indexer.index_paths([folder])
        indexer.commit()
        committed = indexer.summary  # removals and documents are counted by commits
    assert again["files_updated"] == 1 and again["articles"] == 2
    assert committed["articles_removed"] == len(jsonl) - 2 and committed["documents"] == 2
    with fahras.open(path) as db:
        assert len(db) == 2
        first = json.loads(jsonl[0])
        assert db.get(str(first["id"]))["title"] == first["title"]


# The analyser: offsets into the text in bytes and in characters, normal forms and stems.
def test_analyze():
    text = "أعلنت الهيئة عن موعد الإنتخابات في تونس (Nvidia)"
    tokens = fahras.analyze(text)
    raw = text.encode()
    for token in tokens:
        assert text[token.char_start:token.char_end] == token.text
        assert raw[token.start:token.end].decode() == token.text
    by_text = {t.text: t for t in tokens}
    elections = by_text["الإنتخابات"]
    assert elections.normalized == "الانتخابات"
    assert elections.term == fahras.analyze("والانتخابات")[0].term
    assert elections.script == "arabic"
    assert by_text["في"].stopword and by_text["في"].term == ""
    assert by_text["Nvidia"].normalized == "nvidia" and by_text["Nvidia"].script == "latin"
    assert [t.position for t in tokens] == list(range(len(tokens)))
    assert fahras.analyze("الانتخابات", stemmer="none")[0].term == "الانتخابات"
    with pytest.raises(ValueError, match="stemmer"):
        fahras.analyze(text, stemmer="porter")
