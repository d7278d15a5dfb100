#!/usr/bin/env python3
"""Converts a few of the sampled ANT v1.1 articles (corpus/ant-v1.1/) into the other input formats
the indexer reads, so that every format is exercised on real text.

Rerun from the repository root (needs only the files under corpus/ant-v1.1/, nothing else):
    python3 corpus/formats/make-formats.py
It rewrites corpus/formats/articles.json, one-article.json, articles.jsonl and plain/*.txt. The output
is deterministic; rerunning it on an unchanged corpus gives identical files.

Conversion (faithful, nothing added or reworded):
  id        DOCNO + "-json" (articles.json), "-one" (one-article.json), "-jsonl" (articles.jsonl), so the
            copies are indexed as articles of their own; plain/<DOCNO>.txt files have no id (the
            indexer makes one from the path).
  title     TITLE;  body: TEXT;  source: SRC;  url: URL;  category: CAT;  author: AUTHOR ("" if absent).
            Each is trimmed of surrounding white space and has &amp; &lt; &gt; &quot; &#39; decoded.
  date      TIME as ISO 8601 with offset, the same instant: "2017-01-26T08:31:00+01:00" is kept as is;
            day-first "01/07/2016" becomes "2016-07-01T00:00:00+01:00" (midnight, Tunisian time); the
            compact "2017-01-22T171800" becomes "2017-01-22T17:18:00+01:00". All ISO times in ANT v1.1
            carry +01:00 (Tunisia, no daylight saving time). The articles picked here all have the
            ISO-with-offset form, so their JSON date is exactly the SGML TIME text.
  plain     first line the title, then a blank line, then the body; no markup.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ANT = os.path.join(os.path.dirname(HERE), "ant-v1.1")

# The articles converted, by file under corpus/ant-v1.1/. Only the first mentions الانتخابات (it is the
# demo query), so the demo's results are not dominated by the copies; it is in articles.json only.
ELECTION = "internationalNews/JA-internationalNews-11-20170120.txt"  # Trump's inauguration; الانتخابات
TASHKEEL = "culture/JA-culture-109-20170520.txt"  # shadda in the title (عيّاد, أيّام), quotes in the title
TATWEEL = "culture/JA-culture-50-20170221.txt"    # tatweel inside a word (بـأكودة), shadda (الخفّة)
TUNIS = "economy/JA-economy-314-20170615.txt"     # تونس
TECH = "technology/JA-technology-45-20170305.txt"  # Latin digits in Arabic text (نوكيا 3310)

ARTICLES_JSON = [ELECTION, TASHKEEL, TATWEEL, TUNIS]
ONE_ARTICLE_JSON = TASHKEEL
ARTICLES_JSONL = [TASHKEEL, TATWEEL, TUNIS, TECH]
PLAIN = [TATWEEL, TUNIS, TECH]

ENTITIES = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")]


def decode(s):
    for k, v in ENTITIES:  # &amp; last, so "&amp;lt;" stays "&lt;"
        s = s.replace(k, v)
    return s


def field(doc, tag):
    m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), doc, re.S)
    return decode(m.group(1).strip()) if m else ""


def iso_date(t):
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", t):
        return t
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", t)
    if m:
        return "%s-%s-%sT00:00:00+01:00" % (m.group(3), m.group(2), m.group(1))
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)(\d\d)", t)
    if m:
        return "%sT%s:%s:%s+01:00" % m.groups()
    raise ValueError("unknown TIME form: %r" % t)


def record(rel, suffix):
    with open(os.path.join(ANT, rel), encoding="utf-8") as f:
        doc = f.read()
    docno = field(doc, "DOCNO")
    return {
        "id": docno + suffix,
        "title": field(doc, "TITLE"),
        "body": field(doc, "TEXT"),
        "date": iso_date(field(doc, "TIME")),
        "source": field(doc, "SRC"),
        "url": field(doc, "URL"),
        "category": field(doc, "CAT"),
        "author": field(doc, "AUTHOR"),
    }


def write(name, text):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote", os.path.relpath(path, os.path.dirname(os.path.dirname(HERE))))


def main():
    write("articles.json",
          json.dumps([record(r, "-json") for r in ARTICLES_JSON], ensure_ascii=False, indent=2) + "\n")
    write("one-article.json", json.dumps(record(ONE_ARTICLE_JSON, "-one"), ensure_ascii=False, indent=2) + "\n")
    write("articles.jsonl",
          "".join(json.dumps(record(r, "-jsonl"), ensure_ascii=False) + "\n" for r in ARTICLES_JSONL))
    plain_dir = os.path.join(HERE, "plain")
    if os.path.isdir(plain_dir):
        for old in os.listdir(plain_dir):
            if old.endswith(".txt"):
                os.remove(os.path.join(plain_dir, old))
    for r in PLAIN:
        rec = record(r, "")
        assert "<" not in rec["title"] + rec["body"], r  # must not look like SGML
        write(os.path.join("plain", rec["id"] + ".txt"), rec["title"] + "\n\n" + rec["body"] + "\n")


if __name__ == "__main__":
    main()
