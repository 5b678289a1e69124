#!/bin/sh
# Lays a generated DOCX out in LibreOffice (../shared/tools/render-check.sh)
# and checks what a reader sees: A4 pages, 22 lines on every full body page,
# 27–28 characters on full lines.  Prints ok/not ok and "N passed, N failed".
#   render_check.sh DOCX OUTDIR [--letter]
# --letter: a 信函格式 letter: no page number on page 1, "— N —" on later pages.
SHARED=${SHARED:-../shared}
DOCX=$1
OUT=$2
LETTER=${3:-}
mkdir -p "$(dirname "$OUT")"
if ! sh "$SHARED/tools/render-check.sh" "$DOCX" "$OUT" >"$OUT.log" 2>&1; then
    echo "not ok - LibreOffice could not lay out $DOCX"
    sed 's/^/    /' "$OUT.log" | tail -5
    echo "0 passed, 1 failed"
    exit 1
fi
name=$(basename "$DOCX" .docx)
python3 - "$OUT/$name.render.json" "$OUT/$name.lines.tsv" "$LETTER" <<'PY'
# A "full body page" is a page of running text whose lines all sit on the
# line grid (579 twips = 10.21 mm apart) and span 21 or more grid rows: it
# must span exactly 22 rows.  Pages with tables or titles (lines off the
# grid) are not body pages.  Characters are counted in grid cells: a CJK
# character or full-width mark is one cell, a half-width digit or letter
# half a cell; the longest line of a full page must fill 27-28 cells.
import csv, json, sys
summary = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
PT_MM = 25.4 / 72
PITCH = 579 / 20 * PT_MM
top, bottom = 37.0, 37.0 + 225.0
passed = failed = 0
def check(cond, msg):
    global passed, failed
    if cond:
        passed += 1; print("ok - " + msg)
    else:
        failed += 1; print("not ok - " + msg)
pages = summary["per_page"]
check(all(abs(p["width_mm"] - 210) < 1 and abs(p["height_mm"] - 297) < 1 for p in pages),
      "every page is A4 (%d pages)" % len(pages))
full = 0
for p in pages:
    ys = sorted(float(r["y_mid_pt"]) * PT_MM for r in rows
                if int(r["page"]) == p["page"] and top - 3 <= float(r["y_mid_pt"]) * PT_MM <= bottom + 3)
    body = [r for r in rows if int(r["page"]) == p["page"] and top - 3 <= float(r["y_mid_pt"]) * PT_MM <= bottom + 3]
    if len(ys) < 2:
        continue
    steps = [(b - a) / PITCH for a, b in zip(ys, ys[1:])]
    on_grid = all(abs(s - round(s)) < 0.12 and round(s) >= 1 for s in steps)
    span = round((ys[-1] - ys[0]) / PITCH) + 1
    if not on_grid or span < 21:
        continue
    full += 1
    check(span == 22, "page %d: text spans %d grid lines (22 expected)" % (p["page"], span))
    # lines of full-width characters only: their count is the characters per line
    cjk = [len(r["text"].replace(" ", "")) for r in body
           if r["text"].strip() and all(ord(ch) >= 0x2E80 or ch == " " for ch in r["text"])]
    if cjk:
        check(max(cjk) in (27, 28), "page %d: %d characters on the longest full-width line (27-28 expected)" % (p["page"], max(cjk)))
if sys.argv[3] == "--letter":
    import re
    def numbered(page):
        return any(re.fullmatch(r"[—-]\s*%d\s*[—-]" % page, r["text"].strip()) for r in rows if int(r["page"]) == page)
    check(not numbered(1), "page 1 of the letter has no page number")
    check(all(numbered(p["page"]) for p in pages[1:]), "later pages carry — N — (%d pages)" % len(pages))
else:
    check(full > 0, "%d full body pages checked" % full)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
