#!/usr/bin/env python3
"""Draws the sample of ANT Corpus v1.1 articles kept in corpus/ant-v1.1/.

Deterministic: the same archive always gives the same sample (no randomness, files are taken in
sorted order). Files are copied byte for byte (shutil.copyfile); nothing is rewritten.

Usage, from the repository root:
    python3 corpus/sample.py                       # reads ../shared/data/ant-v1.1-jawharafm.tar.xz
    python3 corpus/sample.py --archive PATH.tar.xz
    python3 corpus/sample.py --unpacked DIR        # an already unpacked copy of the archive
    python3 corpus/sample.py --dry-run             # only print what would be copied

It (re)creates corpus/ant-v1.1/<category>/<file>.txt, and copies corpus/LICENSE (the archive's
LICENSE) and corpus/nvidia-musk-article.txt (from the same data folder as the archive).
Then run corpus/formats/make-formats.py to regenerate corpus/formats/.

How the sample is drawn:
  1. Eligible files: valid UTF-8, well-formed XML, DOCNO equal to the file name, SRC and CAT present,
     a non-empty TITLE, a TEXT of at least 100 characters, a TIME in one of the three v1.1 forms that
     is a real date, and a TEXT not already seen in an earlier file (in sorted order).
     This leaves out the malformed and near-empty files, which are not for the demo corpus.
  2. Stratified part: per category, max(MIN_PER_CATEGORY, round(STRATIFIED_TOTAL * share)) eligible
     files, evenly spaced over the sorted list of eligible file names.
  3. Special cases, added on top (first eligible files in sorted category/name order, skipping files
     already taken): election words, each TIME form, tashkeel, tatweel, the file without SRC and CAT.
"""
import argparse
import datetime
import hashlib
import os
import re
import shutil
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

STRATIFIED_TOTAL = 240
MIN_PER_CATEGORY = 15
MIN_TEXT_CHARS = 100

ELECTION_FORMS = ["الانتخابات", "انتخابات", "والانتخابات", "الإنتخابات", "للانتخابات"]
PER_ELECTION_FORM = 2
PER_TIME_FORM = 2

WORD = re.compile(r"[\u0621-\u0652\u0640]+")  # an Arabic word, with its diacritics and tatweel
TASHKEEL_IN_WORD = re.compile(r"[\u0621-\u064A][\u064B-\u0652]+[\u0621-\u064A]")
HARAKAT_IN_WORD = re.compile(r"[\u0621-\u064A][\u064E-\u0650][\u0621-\u064A]")  # fatha/damma/kasra
TATWEEL_IN_WORD = re.compile(r"[\u0621-\u064A]\u0640+[\u0621-\u064A]")

TIME_FORMS = {
    "iso": (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"), "%Y-%m-%dT%H:%M:%S%z"),
    "dmy": (re.compile(r"\d\d/\d\d/\d{4}"), "%d/%m/%Y"),
    "compact": (re.compile(r"\d{4}-\d\d-\d\dT\d{6}"), "%Y-%m-%dT%H%M%S"),
}


def field(text, tag):
    m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), text, re.S)
    return m.group(1) if m else None


def time_form(t):
    if t is None:
        return None
    t = t.strip()
    for name, (rx, fmt) in TIME_FORMS.items():
        if rx.fullmatch(t):
            try:
                datetime.datetime.strptime(t, fmt)
            except ValueError:
                return None
            return name
    return None


class Doc:
    def __init__(self, root, cat, name):
        self.cat, self.name = cat, name
        self.path = os.path.join(root, cat, name)
        self.rel = f"{cat}/{name}"
        raw = open(self.path, "rb").read()
        self.problems = []
        try:
            self.s = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.s = raw.decode("utf-8", "replace")
            self.problems.append("invalid UTF-8")
        try:
            ET.fromstring(self.s)
        except ET.ParseError as e:
            self.problems.append(f"not well-formed XML: {e}")
        self.docno = (field(self.s, "DOCNO") or "").strip()
        self.title = (field(self.s, "TITLE") or "").strip()
        self.text = (field(self.s, "TEXT") or "").strip()
        self.time = field(self.s, "TIME")
        self.tform = time_form(self.time)
        self.has_src_cat = "<SRC>" in self.s and "<CAT>" in self.s
        self.words = set(WORD.findall(self.s))
        if self.docno + ".txt" != name:
            self.problems.append(f"DOCNO {self.docno!r} differs from the file name")
        if not self.has_src_cat:
            self.problems.append("no SRC or no CAT")
        if not self.title:
            self.problems.append("empty TITLE")
        if len(self.text) < MIN_TEXT_CHARS:
            self.problems.append("TEXT shorter than %d characters" % MIN_TEXT_CHARS)
        if self.tform is None:
            self.problems.append(f"TIME not understood: {self.time!r}")


def load(root):
    cats = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    docs = {c: [Doc(root, c, f) for f in sorted(os.listdir(os.path.join(root, c))) if f.endswith(".txt")]
            for c in cats}
    seen = set()
    for c in cats:
        for d in docs[c]:
            h = hashlib.sha1(d.text.encode()).hexdigest()
            if h in seen and not d.problems:
                d.problems.append("TEXT duplicates an earlier file")
            seen.add(h)
    return cats, docs


def draw(cats, docs):
    """Returns [(Doc, reason)] in the order chosen."""
    total = sum(len(docs[c]) for c in cats)
    chosen, taken = [], set()

    def take(d, why):
        if d.rel not in taken:
            taken.add(d.rel)
            chosen.append((d, why))
            return True
        return False

    for c in cats:
        ok = [d for d in docs[c] if not d.problems]
        n = min(len(ok), max(MIN_PER_CATEGORY, round(STRATIFIED_TOTAL * len(docs[c]) / total)))
        for i in range(n):
            take(ok[i * len(ok) // n], "stratified")

    everything = [d for c in cats for d in docs[c]]
    eligible = [d for d in everything if not d.problems]

    def add_first(pred, count, why):
        added = 0
        for d in eligible:
            if added >= count:
                break
            if d.rel not in taken and pred(d):
                take(d, why)
                added += 1

    for form in ELECTION_FORMS:
        add_first(lambda d, f=form: f in d.words, PER_ELECTION_FORM, f"election word {form}")
    for form in TIME_FORMS:
        add_first(lambda d, f=form: d.tform == f, PER_TIME_FORM, f"TIME form {form}")
    add_first(lambda d: TASHKEEL_IN_WORD.search(d.title), 1, "tashkeel inside a word (title)")
    add_first(lambda d: HARAKAT_IN_WORD.search(d.title), 1, "harakat inside a word (title)")
    add_first(lambda d: any(TATWEEL_IN_WORD.search(w) and len(w.replace("\u0640", "")) >= 5
                            for w in WORD.findall(d.text)), 1, "tatweel inside a word (text)")
    # The one v1.1 file without SRC and CAT (its DOCNO is just a number). Otherwise well-formed,
    # so it is kept on purpose: the indexer must cope with missing optional fields.
    for d in everything:
        if not d.has_src_cat and not [p for p in d.problems
                                      if not p.startswith(("no SRC", "DOCNO"))]:
            take(d, "no SRC and no CAT")
    return chosen


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "..", "..", "shared", "data"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", default=os.path.join(data, "ant-v1.1-jawharafm.tar.xz"))
    ap.add_argument("--unpacked", help="already unpacked archive (instead of --archive)")
    ap.add_argument("--nvidia", default=os.path.join(data, "nvidia-musk-article.txt"))
    ap.add_argument("--out", default=here)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()

    tmp = None
    root = args.unpacked
    if root is None:
        tmp = tempfile.TemporaryDirectory(prefix="ant-v1.1-")
        with tarfile.open(args.archive, "r:xz") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp.name, filter="data")
            else:
                tar.extractall(tmp.name)
        root = tmp.name

    cats, docs = load(root)
    chosen = draw(cats, docs)

    for d, why in chosen:
        print(f"{d.rel}\t{d.tform}\t{why}")
    counts = {c: sum(1 for d, _ in chosen if d.cat == c) for c in cats}
    print("per category:", counts, "total:", len(chosen), file=sys.stderr)

    if not args.dry_run:
        dest = os.path.join(args.out, "ant-v1.1")
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        for d, _ in chosen:
            os.makedirs(os.path.join(dest, d.cat), exist_ok=True)
            shutil.copyfile(d.path, os.path.join(dest, d.cat, d.name))
        shutil.copyfile(os.path.join(root, "LICENSE"), os.path.join(args.out, "LICENSE"))
        shutil.copyfile(args.nvidia, os.path.join(args.out, "nvidia-musk-article.txt"))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
