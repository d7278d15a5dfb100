"""fahras.open() and Database: searching corpus/ from Python, with the fields, filters and errors of
fahras-search."""

import datetime
import threading

import pytest

import fahras

ELECTIONS = "الانتخابات"
UTC = datetime.timezone.utc


def ids(db, query, **options):
    return [hit.id for hit in db.search(query, limit=1000, **options)]


# Every spelling of "the elections" reaches the same articles (searcher_test.cpp has the same cases).
@pytest.mark.parametrize("variant", ["انتخابات", "والانتخابات", "الإنتخابات", "الانتخابـات",
                                     "الانتِخابات", "للانتخابات", "الأنتخابات"])
def test_spelling_variants_find_the_same_articles(db, variant):
    expected = set(ids(db, ELECTIONS))
    assert len(expected) >= 8
    assert set(ids(db, variant)) == expected


def test_finds_articles_written_with_other_forms(db):
    found = set(ids(db, ELECTIONS))
    assert "JA-internationalNews-406-20151210" in found  # writes الإنتخابات
    assert "JA-localNews-1741-20160114" in found  # writes والانتخابات
    assert "JA-internationalNews-11-20170120-json" in found  # the JSON copy


def test_hits_carry_the_stored_fields(db):
    results = db.search("الانتخابات البلدية", limit=5)
    assert len(results) == 5
    assert [hit.rank for hit in results] == [1, 2, 3, 4, 5]
    scores = [hit.score for hit in results]
    assert scores == sorted(scores, reverse=True)
    for hit in results:
        article = db.get(hit.id)
        assert article is not None
        assert hit.title.text == article["title"]
        assert (hit.source, hit.category, hit.url, hit.path) == (
            article["source"], article["category"], article["url"], article["path"])
        assert hit.date == article["date"]
        if hit.date is not None:
            assert hit.date.tzinfo == UTC
            assert hit.timestamp == int(hit.date.timestamp())


# Highlights are UTF-8 byte offsets, as in the JSON output; spans are the same words as str indices,
# and each word marked is a form of a query word.
def test_highlights_in_bytes_and_spans_in_characters(db):
    query_terms = {fahras.analyze(word)[0].term for word in ("الانتخابات", "البلدية")}
    marked = 0
    for hit in db.search("الانتخابات البلدية", limit=10):
        for snippet in (hit.title, hit.snippet):
            raw = snippet.text.encode()
            assert len(snippet.highlights) == len(snippet.spans)
            for (start, end), (char_start, char_end) in zip(snippet.highlights, snippet.spans):
                word = snippet.text[char_start:char_end]
                assert raw[start:end].decode() == word
                assert fahras.analyze(word)[0].term in query_terms, word
                marked += 1
    assert marked >= 10


def test_snippet_marked(db):
    hit = db.search(ELECTIONS, limit=1)[0]
    assert hit.snippet.highlights
    marked = hit.snippet.marked("<b>", "</b>")
    assert marked.count("<b>") == len(hit.snippet.highlights)
    assert marked.replace("<b>", "").replace("</b>", "") == hit.snippet.text


def test_without_snippets_the_fields_stay(db):
    with_snippets = db.search(ELECTIONS, limit=3)
    without = db.search(ELECTIONS, limit=3, snippets=False)
    assert [h.id for h in without] == [h.id for h in with_snippets]
    assert all(h.snippet.text == "" and h.title.text for h in without)


def test_paging(db):
    first = ids(db, ELECTIONS)
    page = db.search(ELECTIONS, limit=5, offset=5)
    assert [h.id for h in page] == first[5:10]
    assert [h.rank for h in page] == [6, 7, 8, 9, 10]


def test_count_is_exact_and_agrees_with_the_hits(db):
    all_hits = ids(db, ELECTIONS)
    assert db.count(ELECTIONS) == len(all_hits)
    results = db.search(ELECTIONS, limit=3, exact_count=True)
    assert results.exact and results.count == len(all_hits)


@pytest.mark.parametrize("since,until", [
    ("2017-01-01", "2017-12"),
    (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)),
    (datetime.datetime(2017, 1, 1, tzinfo=UTC), datetime.datetime(2017, 12, 31, 23, 59, 59)),
    (1483228800, 1514764799),
])
def test_date_range(db, since, until):
    inside = db.search(ELECTIONS, limit=1000, since=since, until=until)
    assert 0 < len(inside) < db.count(ELECTIONS)
    assert all(hit.date.year == 2017 for hit in inside)
    assert len(inside) == db.count(ELECTIONS, since=since, until=until)


def test_sort_by_date(db):
    newest = [h.timestamp for h in db.search(ELECTIONS, limit=50, sort="newest") if h.timestamp]
    oldest = [h.timestamp for h in db.search(ELECTIONS, limit=50, sort="oldest") if h.timestamp]
    assert len(newest) > 5
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


def test_source_and_category_filters_are_the_query_fields(db):
    politic = ids(db, ELECTIONS, category="politic")
    assert politic and politic == ids(db, "الانتخابات category:politic")
    assert all(db.get(i)["category"] == "politic" for i in politic)
    either = ids(db, ELECTIONS, source="Jawhara FM", category=["culture", "politic"])
    assert either == ids(db, "الانتخابات source:jawhara category:culture category:politic")


def test_all_words(db):
    both = set(ids(db, "الانتخابات تونس", all_words=True))
    assert both == set(ids(db, ELECTIONS)) & set(ids(db, "تونس"))


def test_facets_count_every_match(db):
    results = db.search(ELECTIONS, limit=1, facets=True)
    assert results.exact
    categories = dict(results.facets["category"])
    assert categories["politic"] == db.count(ELECTIONS, category="politic")
    assert sum(categories.values()) <= results.count
    years = [int(year) for year, _ in results.facets["year"]]
    assert years == sorted(years, reverse=True)
    assert db.search(ELECTIONS).facets is None


def test_get(db):
    article = db.get("JA-politic-1-20170121")
    assert article["title"] == "حافظ قائد السبسي : نداء تونس سيفور بالانتخابات البلدية المقبلة"
    assert article["source"] == "Jawhara FM"
    assert "سبر للآراء" in article["body"]
    assert article["date"] == datetime.datetime(2017, 1, 21, 15, 19, tzinfo=UTC)
    assert db.get("no-such-article") is None


def test_database_analyzer(db):
    assert db.analyzer_version.startswith("fahras-analyzer/")
    assert [t.term for t in db.analyze("الإنتخابات البلدية")] == [
        t.term for t in fahras.analyze("الانتخابات البلدية")]
    assert len(db) > 250


@pytest.mark.parametrize("query,fragment", [
    ("(الانتخابات", "parenthes"),
    ("title:", "title"),
    ("foo:bar", "foo"),
])
def test_bad_queries_raise_query_error_with_one_line(db, query, fragment):
    with pytest.raises(fahras.QueryError) as caught:
        db.search(query)
    message = str(caught.value)
    assert fragment in message and "\n" not in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, fahras.Error)


@pytest.mark.parametrize("options,fragment", [
    ({"limit": -1}, "limit"),
    ({"offset": -3}, "offset"),
    ({"sort": "bogus"}, "sort"),
    ({"since": "yesterday"}, "since"),
    ({"until": 3.5}, "until"),
    ({"since": "2018", "until": "2017"}, "since"),
    ({"source": 7}, "source"),
    ({"category": ["politic", 3]}, "category"),
])
def test_bad_arguments_raise_value_error_naming_them(db, options, fragment):
    with pytest.raises(ValueError, match=fragment):
        db.search(ELECTIONS, **options)


def test_opening_what_is_not_a_database(tmp_path):
    with pytest.raises(fahras.DatabaseError) as caught:
        fahras.open(tmp_path / "missing")
    assert "missing" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(fahras.UsageError):
        fahras.open("tcp://no-port")


def test_a_closed_database(corpus_db):
    db = fahras.open(corpus_db)
    db.close()
    assert db.closed
    with pytest.raises(fahras.UsageError, match="closed"):
        db.search(ELECTIONS)


# Threads search one Database at once (the GIL is released while Xapian works, and each thread
# gets its own Searcher from the pool): each thread's answers equal the single-threaded ones. A
# barrier starts them together, so that their searches overlap.
def test_threads_search_one_database_in_parallel(db):
    queries = ["الانتخابات البلدية", "تونس", "الحكومة التونسية", "كرة القدم", "النفط", ELECTIONS,
               "الرئيس الأمريكي", "title:الحكومة"] * 5

    def answer(query):
        return [(h.id, h.score, h.snippet.text, h.snippet.highlights) for h in db.search(query, limit=10)]

    expected = [answer(q) for q in queries]
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    got = [None] * threads_count
    failures = []

    def run(i):
        try:
            barrier.wait()
            got[i] = [answer(q) for q in queries]
        except Exception as e:  # reported below, with the thread's number
            failures.append((i, e))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert all(answers == expected for answers in got)


# Spellings of one name meet, on by default: five articles spell Trump ترمب and five ترامب, among
# the same words (دونالد before both). variants=False searches the word as typed.
TRUMP = [
    ("{} يلتقي رئيس الوزراء الياباني", "التقى الرئيس الأمريكي دونالد {} رئيس الوزراء الياباني في البيت الأبيض."),
    ("{} يهدد بفرض رسوم جمركية", "هدد الرئيس دونالد {} بفرض رسوم جديدة على واردات الصلب."),
    ("الكونغرس يناقش خطة {} للهجرة", "يناقش الكونغرس خطة الرئيس {} لإصلاح نظام الهجرة."),
    ("{} في قمة العشرين", "وصل دونالد {} إلى الأرجنتين للمشاركة في قمة مجموعة العشرين."),
    ("البيت الأبيض: {} سيزور بريطانيا", "أعلن البيت الأبيض أن الرئيس {} سيزور بريطانيا الشهر المقبل."),
]


def test_spellings_of_a_name_meet(tmp_path):
    path = tmp_path / "db"
    with fahras.Indexer(path) as indexer:
        for i, (title, body) in enumerate(TRUMP):
            for spelling in ("ترمب", "ترامب"):
                indexer.add({"id": f"{spelling}-{i}", "title": title.format(spelling), "body": body.format(spelling)})
    with fahras.open(path) as db:
        both = db.search("ترمب", limit=100)
        assert both.variants == [("ترمب", ["ترامب"])]
        assert len({hit.id for hit in both}) == 10
        alone = db.search("ترمب", limit=100, variants=False)
        assert alone.variants == []
        assert {hit.id for hit in alone} == {f"ترمب-{i}" for i in range(5)}
        assert (db.count("ترامب"), db.count("ترامب", variants=False)) == (10, 5)
