#!/usr/bin/python3
# Stock Xapian 1.4 indexing, as ../shared/bench/ANCHORS.md describes it: TermGenerator with
# Xapian::Stem("arabic"), STEM_SOME, positions, no normalisation of our own; the id as a Q term and
# as document data (no article text). usage: stock-xapian.py DOCS.jsonl DB
import json, sys
import xapian

db = xapian.WritableDatabase(sys.argv[2], xapian.DB_CREATE_OR_OVERWRITE)
tg = xapian.TermGenerator()
tg.set_stemmer(xapian.Stem("arabic"))
tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        doc = xapian.Document()
        tg.set_document(doc)
        if d.get("title"):
            tg.index_text(d["title"])
            tg.increase_termpos()
        tg.index_text(d.get("body", ""))
        doc.set_data(d["id"])
        doc.add_boolean_term("Q" + d["id"])
        db.replace_document("Q" + d["id"], doc)
db.commit()
