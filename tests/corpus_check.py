#!/usr/bin/env python3
"""corpus_check.py — the annotated corpus as a regression test (tests/run.sh).

For every draft in tests/corpus/drafts that has tests/corpus/gold/<stem>.tasks.tsv,
runs `gongwen tasks|roster|meta DRAFT --format tsv` and compares the rows with
the annotations, exactly (whitespace ignored; units of a role as a set; the
recipients as a set; rows as a multiset).  It needs nothing outside the
repository, so CI runs it on a clean clone; `make score` scores the same drafts
with ../shared/tools/score_extraction.py when that is present.

Differences the project has decided to keep (an annotator's judgement that
gongwen reads otherwise) are listed in tests/corpus/KNOWN, one per line:
    <stem> <tasks|roster|meta> <the item as printed below>   # why
A difference not listed there fails; a listed one that no longer occurs fails
too, so the list stays true.

usage: corpus_check.py GONGWEN
Prints one line per draft and, last, "N passed, N failed".
"""
import collections
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
HALF_TO_FULL = str.maketrans({"(": "（", ")": "）"})


def nospace(s):
    return re.sub(r"\s+", "", s or "")


def read_tsv(text):
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return []
    head = [h.strip().lstrip("\ufeff") for h in lines[0].split("\t")]
    rows = []
    for l in lines[1:]:
        cells = l.split("\t") + [""] * len(head)
        rows.append({h: c.strip() for h, c in zip(head, cells)})
    return rows


def units(s):
    return tuple(sorted(u for u in nospace(s).split("、") if u))


def task_items(rows):
    out = []
    for r in rows:
        rid = "/".join(p.rstrip("、.．。") for p in nospace(r.get("id")).translate(HALF_TO_FULL).split("/"))
        out.append("%s|lead=%s|resp=%s|supp=%s|dl=%s" % (
            rid, "、".join(units(r.get("lead"))), "、".join(units(r.get("responsible"))),
            "、".join(units(r.get("support"))), nospace(r.get("deadline"))))
    return collections.Counter(out)


def roster_items(rows):
    return collections.Counter("%s|%s|%s" % (nospace(r.get("role")), nospace(r.get("name")), nospace(r.get("title")))
                               for r in rows)


def meta_items(rows):
    out = collections.Counter()
    for r in rows:
        k, v = r.get("key", ""), r.get("value", "")
        if k == "recipients":
            v = "、".join(sorted(x for x in re.split(r"[、，,]", nospace(v)) if x))
        elif k:
            v = nospace(v)
        if k:
            out["%s=%s" % (k, v)] += 1
    return out


def export(gongwen, verb, doc):
    r = subprocess.run([gongwen, verb, doc, "--format", "tsv"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ""


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-2])
        return 2
    gongwen = sys.argv[1]
    known = set()
    kpath = os.path.join(CORPUS, "KNOWN")
    if os.path.exists(kpath):
        for line in open(kpath, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                known.add(line)
    seen = set()
    passed = failed = 0
    gold_dir = os.path.join(CORPUS, "gold")
    drafts = os.path.join(CORPUS, "drafts")
    for name in sorted(os.listdir(drafts)):
        stem, ext = os.path.splitext(name)
        gold_tasks = os.path.join(gold_dir, stem + ".tasks.tsv")
        if ext not in (".txt", ".md") or not os.path.exists(gold_tasks):
            continue
        doc = os.path.join(drafts, name)
        diffs = []
        for verb, fn in (("tasks", task_items), ("roster", roster_items), ("meta", meta_items)):
            gpath = os.path.join(gold_dir, "%s.%s.tsv" % (stem, verb))
            gold = fn(read_tsv(open(gpath, encoding="utf-8").read())) if os.path.exists(gpath) else collections.Counter()
            got = fn(read_tsv(export(gongwen, verb, doc)))
            if verb == "meta":  # only the keys annotated
                keys = {k.split("=", 1)[0] for k in gold}
                got = collections.Counter({k: v for k, v in got.items() if k.split("=", 1)[0] in keys})
            for item in sorted((gold - got).elements()):
                diffs.append("%s %s missed %s" % (stem, verb, item))
            for item in sorted((got - gold).elements()):
                diffs.append("%s %s extra %s" % (stem, verb, item))
        bad = [d for d in diffs if d not in known]
        seen.update(d for d in diffs if d in known)
        if bad:
            failed += 1
            print("not ok - %s" % name)
            for d in bad:
                print("    " + d)
        else:
            passed += 1
            print("ok - %s%s" % (name, " (%d known)" % (len(diffs)) if diffs else ""))
    for k in sorted(known - seen):
        failed += 1
        print("not ok - tests/corpus/KNOWN lists a difference that no longer occurs: %s" % k)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
