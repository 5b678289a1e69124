#!/usr/bin/env python3
"""Runs the extraction examples in tests/spec/*.txt (cmark spec style).

Each example is

    ```````````````````````````````` example VERB [md]
    input draft text
    .
    expected output rows (TSV, no header)
    ````````````````````````````````

VERB is tasks (columns id lead responsible support deadline), roster
(role name title), meta (key value; only the keys listed are compared) or
warnings (line and rule of every residue line, from `tasks --warnings`).
`md` feeds the input as a Markdown file.  Headings (## …) name the rule an
example belongs to.

usage: spec_tests.py GONGWEN [--pattern TEXT] [--number N] SPEC.txt...
Prints one line per example and, last, "N passed, N failed".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

FENCE = "`" * 32


def parse(path):
    examples, section = [], ""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if line.startswith(FENCE + " example"):
            words = line[len(FENCE):].split()
            verb = words[1] if len(words) > 1 else "tasks"
            md = "md" in words[2:]
            start = i + 1
            inp, exp, cur = [], [], None
            cur = inp
            i += 1
            while i < len(lines) and not lines[i].startswith(FENCE):
                if lines[i] == "." and cur is inp:
                    cur = exp
                else:
                    cur.append(lines[i])
                i += 1
            examples.append(dict(file=path, line=start, section=section, verb=verb, md=md,
                                 input="\n".join(inp).replace("→", "\t") + "\n",
                                 expected=[l.replace("→", "\t") for l in exp if l.strip()]))
        i += 1
    return examples


def run(gongwen, ex):
    suffix = ".md" if ex["md"] else ".txt"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(ex["input"])
        name = f.name
    try:
        verb = ex["verb"]
        args = [gongwen, "tasks" if verb == "warnings" else verb, name, "--format", "tsv"]
        if verb == "warnings":
            args.append("--warnings")
        p = subprocess.run(args, capture_output=True, text=True)
        if p.returncode != 0:
            return None, p.stderr.strip()
        if verb == "warnings":
            got = []
            for l in p.stderr.splitlines():
                m = re.match(r".*?:(\d+):(\d+): warning: .*?“(.*?)”", l)
                if m:
                    got.append(f"{m.group(1)}\t{m.group(3)}")
            return got, ""
        rows = [l for l in p.stdout.split("\n") if l.strip()]
        header = rows[0].split("\t") if rows else []
        rows = [dict(zip(header, r.split("\t"))) for r in rows[1:]]
        if verb == "tasks":
            cols = ["id", "lead", "responsible", "support", "deadline"]
            return ["\t".join(r.get(c, "") for c in cols) for r in rows], ""
        if verb == "roster":
            return ["\t".join(r.get(c, "") for c in ("role", "name", "title")) for r in rows], ""
        if verb == "meta":
            want = {e.split("\t")[0] for e in ex["expected"]}
            return [f"{r['key']}\t{r['value']}" for r in rows if r["key"] in want], ""
        return None, f"unknown verb {verb}"
    finally:
        os.unlink(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gongwen")
    ap.add_argument("specs", nargs="+")
    ap.add_argument("--pattern")
    ap.add_argument("--number", type=int)
    a = ap.parse_args()
    passed = failed = 0
    n = 0
    for spec in a.specs:
        for ex in parse(spec):
            n += 1
            if a.number and n != a.number:
                continue
            if a.pattern and a.pattern not in ex["section"]:
                continue
            got, err = run(a.gongwen, ex)
            where = f"{os.path.basename(ex['file'])}:{ex['line']} example {n} ({ex['section']})"
            if got == ex["expected"]:
                passed += 1
                print(f"ok - {where}")
            else:
                failed += 1
                print(f"not ok - {where}")
                if err:
                    print("  error: " + err)
                print("  expected:")
                for l in ex["expected"]:
                    print("    " + l.replace("\t", " → "))
                print("  got:")
                for l in got or []:
                    print("    " + l.replace("\t", " → "))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
