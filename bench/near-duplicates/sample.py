#!/usr/bin/env python3
"""Draws the pairs of articles judged by hand for the near-duplicate threshold (bench/near-duplicates.tsv).

  fahras-near-duplicates docs.jsonl 0.1 > pairs.tsv      # every pair at 0.1 or more, most similar first
  sample.py pairs.tsv docs.jsonl > sample.tsv     # 15 pairs per band of similarity, seeded
  sample.py --show sample.tsv docs.jsonl          # each pair's titles and openings, to judge
  sample.py --score judged.tsv pairs.tsv          # precision and recall per threshold

Bands are stratified so that rare high-similarity pairs are judged as often as the many low ones;
precision and recall weight each band's judged share of duplicates by how many pairs it holds.
Pairs below 0.1 are taken as different stories (a pair of reworded copies shares more than a tenth
of its 3-shingles: the lowest judged duplicate is reported beside the figures).
"""
import json
import random
import sys

BANDS = [(0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.85), (0.85, 1.0), (1.0, 1.01)]
PER_BAND = 15


def band_of(s):
    for i, (lo, hi) in enumerate(BANDS):
        if lo <= s < hi:
            return i
    return None


def read_pairs(path):
    with open(path, encoding="utf-8") as f:
        return [(float(s), a, b) for s, a, b in (line.rstrip("\n").split("\t") for line in f)]


def read_docs(path, wanted):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in wanted:
                docs[d["id"]] = d
    return docs


def one_line(text, n):
    return " ".join(text.split())[:n]


def main():
    if sys.argv[1] == "--show":
        rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[2], encoding="utf-8")][1:]
        docs = read_docs(sys.argv[3], {r[1] for r in rows} | {r[2] for r in rows})
        for n, r in enumerate(rows, 1):
            print(f"## {n} {r[0]}")
            for i in (r[1], r[2]):
                d = docs[i]
                print(f"  {i} | {one_line(d.get('title', ''), 120)}")
                print(f"     {one_line(d.get('body', ''), 260)}")
        return
    if sys.argv[1] == "--score":
        rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[2], encoding="utf-8")][1:]
        population = [0] * len(BANDS)
        for s, _, _ in read_pairs(sys.argv[3]):
            population[band_of(s)] += 1
        judged = [[0, 0] for _ in BANDS]  # duplicates, judged
        for r in rows:
            b = band_of(float(r[0]))
            judged[b][1] += 1
            judged[b][0] += r[-1] == "same"
        dups = [population[b] * judged[b][0] / judged[b][1] if judged[b][1] else 0 for b in range(len(BANDS))]
        print("band\tpairs\tjudged\tsame story\test. duplicates")
        for b, (lo, hi) in enumerate(BANDS):
            print(f"[{lo:.2f},{min(hi, 1.0):.2f}{']' if hi > 1 else ')'}\t{population[b]}\t{judged[b][1]}\t{judged[b][0]}\t{dups[b]:.0f}")
        total = sum(dups)
        print("threshold\tprecision\trecall\tpairs folded")
        for t in range(len(BANDS)):
            kept = range(t, len(BANDS))
            pairs = sum(population[b] for b in kept)
            found = sum(dups[b] for b in kept)
            print(f"{BANDS[t][0]:.2f}\t{found / pairs:.3f}\t{found / total:.3f}\t{pairs}")
        low = [float(r[0]) for r in rows if r[-1] == "same"]
        print(f"lowest similarity judged the same story: {min(low):.4f}" if low else "no pair judged the same story")
        return
    pairs = read_pairs(sys.argv[1])
    rng = random.Random(11)
    by_band = [[p for p in pairs if band_of(p[0]) == b] for b in range(len(BANDS))]
    chosen = []
    for band in by_band:
        chosen += sorted(rng.sample(band, min(PER_BAND, len(band))), reverse=True)
    docs = read_docs(sys.argv[2], {a for _, a, _ in chosen} | {b for _, _, b in chosen})
    print("similarity\tid\tid\tsource\tsource\ttitle\ttitle\tjudgement")
    for s, a, b in chosen:
        da, db = docs[a], docs[b]
        print("\t".join([f"{s:.4f}", a, b, da.get("source", ""), db.get("source", ""),
                         one_line(da.get("title", ""), 80), one_line(db.get("title", ""), 80), ""]))


if __name__ == "__main__":
    main()
