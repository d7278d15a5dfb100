#!/usr/bin/env python3
"""Writes the mixed query set of bench/speed, deterministically (seeded), from a docs.jsonl.

usage: make-speed-queries.py DOCS.jsonl OUT.tsv [--count 1000] [--seed 5] [--stopwords stopwords.cpp]

Each line of OUT.tsv is one query, written for both engines so that it means the same on both:
  qid <TAB> kind <TAB> fahras query <TAB> Lucene classic-QueryParser query <TAB> since <TAB> until
since / until are Unix seconds (inclusive), or empty. Kinds, in these shares:
  words   40%  one to four words of an article's title, ORed (fahras default; Lucene's default OR)
  phrase  20%  two or three consecutive title words as an exact phrase: "a b c" on both sides
  field   20%  title:word, plus one more word half of the time
  date    20%  one or two title words, restricted to the months around the article's date
               (fahras: SearchOptions since/until; Lucene: a numeric range filter on the date)
Words are Arabic-letter-only words of at least 3 letters from titles, never a fahras stopword
(common/src/stopwords.cpp), so no query is only stopwords on the fahras side (Lucene's list is
smaller); letters only, so neither query syntax needs escaping. Python 3 standard library only.
"""
import argparse
import calendar
import json
import random
import re
from datetime import datetime, timezone

ARABIC_WORD = re.compile(r"^[\u0621-\u064A]{3,}$")


def fahras_stopwords(path):
    text = open(path, encoding="utf-8").read()
    start = text.index("kStopwords[]")
    end = text.index("};", start)
    return set(re.findall(r'"([^"]+)"', text[start:end]))


def month_start(year, month):
    return int(datetime(year, month, 1, tzinfo=timezone.utc).timestamp())


def month_end(year, month):
    last = calendar.monthrange(year, month)[1]
    return int(datetime(year, month, last, 23, 59, 59, tzinfo=timezone.utc).timestamp())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--stopwords", required=True)
    args = ap.parse_args()
    stop = fahras_stopwords(args.stopwords)

    titles = []  # (words, date) of every article whose title has a usable word
    with open(args.docs, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            words = [w for w in (d.get("title") or "").split() if ARABIC_WORD.match(w)]
            if not words:
                continue
            date = None
            try:
                date = datetime.strptime(d.get("date", ""), "%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                pass
            titles.append((words, date))
    titles.sort(key=lambda t: (t[0], t[1] or datetime.min))  # independent of file order
    rng = random.Random(args.seed)

    def content(words):
        return [w for w in words if w not in stop]

    lines = []
    kinds = ["words"] * 4 + ["phrase"] * 2 + ["field"] * 2 + ["date"] * 2
    while len(lines) < args.count:
        kind = kinds[len(lines) % len(kinds)]
        words, date = rng.choice(titles)
        good = content(words)
        since = until = ""
        if kind == "words":
            if not good:
                continue
            n = min(rng.randint(1, 4), len(good))
            start = rng.randrange(len(good) - n + 1)
            chosen = good[start:start + n]
            fq = lq = " ".join(chosen)
        elif kind == "phrase":
            n = rng.choice([2, 3])
            spans = [i for i in range(len(words) - n + 1)
                     if words[i] not in stop and words[i + n - 1] not in stop]
            if not spans:
                continue
            i = rng.choice(spans)
            fq = lq = '"' + " ".join(words[i:i + n]) + '"'
        elif kind == "field":
            if not good:
                continue
            w = rng.choice(good)
            fq = lq = "title:" + w
            others = [o for o in good if o != w]
            if others and rng.random() < 0.5:
                extra = rng.choice(others)
                fq += " " + extra
                lq += " " + extra
        else:
            if not good or date is None:
                continue
            n = min(rng.randint(1, 2), len(good))
            fq = lq = " ".join(rng.sample(good, n))
            months = rng.randint(1, 3)
            y, m = date.year, date.month
            since = str(month_start(y, m))
            m2 = m + months - 1
            until = str(month_end(y + (m2 - 1) // 12, (m2 - 1) % 12 + 1))
        lines.append(f"s{len(lines) + 1:04d}\t{kind}\t{fq}\t{lq}\t{since}\t{until}\n")
    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
