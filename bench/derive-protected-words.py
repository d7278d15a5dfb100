#!/usr/bin/env python3
"""Derives the light stemmer's protected-word list from the ANT corpora.

A normalised Arabic word w = p + r, with p a one-letter clitic (و ف ب ل ك), is protected when w is
frequent and r is rare on its own: then p belongs to the word (وزير is not و + زير, بيروت is not
ب + يروت), and the stemmer must not strip it. The evidence that p IS a clitic is how often the
remainder appears by itself, bare or with the article:

    evidence(w) = freq(r) + freq(ال r)   [+ freq(ا r) when p = ل and r starts with ل: لل = ل + ال]

and w is protected when freq(w) >= --min-freq and evidence(w) < --ratio * freq(w).

A word starting with ال is protected when that ال is not the article but came from a normalised
hamza (ألمانيا -> المانيا, ألعاب -> العاب, آلاف -> الاف): when at least --hamza-share of its
occurrences were spelled with أ إ آ ٱ first. The article is always written with a bare alef, and the
frequency test would not do here: many true definite nouns (المتحده, العراق) are rarely seen bare.

Only words the stemmer would otherwise cut are listed (four letters or more, or an article prefix
leaving two letters), which keeps the list short. A few words are added by hand (MANUAL below).

Usage:
    bench/derive-protected-words.py [--ant /tmp/ant1 --ant /tmp/ant2] [-o common/data/protected-words.txt]

It prints the most frequent protected words and the rejected borderline cases, to tune the thresholds
by eye. Normalisation mirrors common/src/normalize.cpp (NFKC, no tashkeel or tatweel, one alef,
ى->ي, ة->ه); the words it writes must be fixed points of fahras::normalize() (a test checks this).
"""

import argparse
import collections
import os
import re
import sys
import unicodedata

CLITICS = "وفبلك"
ARTICLE = "ال"
# Article-with-clitics prefixes the stemmer strips (common/src/stemmer.cpp), longest first.
ARTICLE_PREFIXES = ["وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"]
# Words that the frequency test cannot protect, because the remainder is itself a common word.
MANUAL = ["الله"]

_DELETE = [0x0640, 0x0670, 0x061C, 0xFEFF] + list(range(0x064B, 0x0660)) + \
    list(range(0x06D6, 0x06EE)) + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F)) + \
    list(range(0x2066, 0x206A))
_MAP = {0x0623: "ا", 0x0625: "ا", 0x0622: "ا", 0x0671: "ا", 0x0649: "ي", 0x0629: "ه",
        0x06A9: "ك", 0x06CC: "ي", 0x06C1: "ه", 0x06C0: "ه", 0x066B: ".", 0x066C: ","}
_MAP.update({0x0660 + d: str(d) for d in range(10)})
_MAP.update({0x06F0 + d: str(d) for d in range(10)})
_TABLE = {c: None for c in _DELETE}
_TABLE.update(_MAP)

_FIELD = re.compile(r"<(TITLE|ABSTRACT|TEXT)>(.*?)</\1>", re.S)
_WORD = re.compile("[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+")
# A word before normalisation: letters with their marks and tatweel.
_RAW_WORD = re.compile("[\u0621-\u065F\u0670-\u06D3]+")


def normalize(text):
    return unicodedata.normalize("NFKC", text).translate(_TABLE)


def count_words(roots):
    """Returns (freq, hamza, articles): normalised word frequencies, and for words starting with ال
    how many of their occurrences began with a hamza alef before normalisation."""
    freq = collections.Counter()
    hamza = collections.Counter()
    articles = 0
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                if not name.endswith(".txt"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    doc = f.read()
                articles += 1
                for _, body in _FIELD.findall(doc):
                    freq.update(_WORD.findall(normalize(body)))
                    for raw in _RAW_WORD.findall(unicodedata.normalize("NFKC", body)):
                        if raw[0] in "أإآٱ":
                            word = normalize(raw)
                            if word.startswith(ARTICLE):
                                hamza[word] += 1
    return freq, hamza, articles


def letters(word):
    return len(word)


def would_strip(word):
    """True iff the stemmer, unprotected, would cut a prefix off `word`."""
    for p in ARTICLE_PREFIXES:
        if word.startswith(p) and letters(word) - letters(p) >= 2:
            return True
    return word[0] in CLITICS and letters(word) >= 4


def evidence(freq, p, r):
    e = freq[r] + freq[ARTICLE + r]
    if p == "ل" and r.startswith("ل"):
        e += freq["ا" + r]
    return e


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ant", action="append", help="unpacked ANT corpus folder (repeatable)")
    parser.add_argument("-o", "--output", default="common/data/protected-words.txt")
    parser.add_argument("--min-freq", type=int, default=10)
    parser.add_argument("--ratio", type=float, default=0.1)
    parser.add_argument("--hamza-share", type=float, default=0.3)
    parser.add_argument("--show", type=int, default=60, help="how many words to print per list")
    args = parser.parse_args()
    roots = args.ant or ["/tmp/ant1", "/tmp/ant2"]
    for root in roots:
        if not os.path.isdir(root):
            sys.exit(f"derive-protected-words: {root} is missing; unpack the ANT archives "
                     "(see /work/shared/data/README.md)")

    freq, hamza, articles = count_words(roots)
    print(f"{articles} articles, {sum(freq.values())} Arabic words, {len(freq)} distinct",
          file=sys.stderr)

    protected, borderline = [], []
    for w, n in freq.items():
        if n < args.min_freq or not would_strip(w):
            continue
        if w.startswith(ARTICLE):
            share = hamza[w] / n
            if share >= args.hamza_share:
                protected.append((n, w, f"hamza {share:.2f}"))
            elif share >= args.hamza_share / 3:
                borderline.append((n, w, f"hamza {share:.2f}"))
        elif w[0] in CLITICS:
            e = evidence(freq, w[0], w[1:])
            if e < args.ratio * n:
                protected.append((n, w, f"evidence {e}"))
            elif e < 3 * args.ratio * n:
                borderline.append((n, w, f"evidence {e}"))

    protected.sort(reverse=True)
    borderline.sort(reverse=True)
    print(f"\nprotected: {len(protected)} (min-freq {args.min_freq}, ratio {args.ratio}, "
          f"hamza-share {args.hamza_share}); most frequent:", file=sys.stderr)
    for n, w, e in protected[:args.show]:
        print(f"  {w}\t{n}\t{e}", file=sys.stderr)
    print(f"\nrejected borderline ({len(borderline)}), evidence under 3x the ratio:", file=sys.stderr)
    for n, w, e in borderline[:args.show]:
        print(f"  {w}\t{n}\t{e}", file=sys.stderr)

    words = sorted({w for _, w, _ in protected} | {normalize(w) for w in MANUAL})
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("".join(w + "\n" for w in words))
    print(f"\nwrote {len(words)} words to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
