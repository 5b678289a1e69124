#!/bin/sh
# Lays a generated DOCX out in LibreOffice (../shared/tools/render-check.sh)
# and checks what a reader sees: A4 pages, 22 lines on every full body page,
# 27–28 characters on full lines.  Prints ok/not ok and "N passed, N failed".
#   render_check.sh DOCX OUTDIR
SHARED=${SHARED:-../shared}
DOCX=$1
OUT=$2
if ! sh "$SHARED/tools/render-check.sh" "$DOCX" "$OUT" >"$OUT.log" 2>&1; then
    echo "not ok - LibreOffice could not lay out $DOCX"
    sed 's/^/    /' "$OUT.log" | tail -5
    echo "0 passed, 1 failed"
    exit 1
fi
name=$(basename "$DOCX" .docx)
python3 - "$OUT/$name.render.json" "$OUT/$name.lines.tsv" <<'PY'
import csv, json, sys
summary = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
PT_MM = 25.4 / 72
top, bottom = 37.0, 37.0 + 225.0          # the 版心 on a portrait A4 page
passed = failed = 0
def check(cond, msg):
    global passed, failed
    if cond:
        passed += 1; print("ok - " + msg)
    else:
        failed += 1; print("not ok - " + msg)
pages = summary["per_page"]
check(all(abs(p["width_mm"] - 210) < 1 and abs(p["height_mm"] - 297) < 1 for p in pages),
      "every page is A4 (%s)" % ", ".join("%sx%s" % (p["width_mm"], p["height_mm"]) for p in pages))
full = 0
for p in pages:
    body = [r for r in rows if int(r["page"]) == p["page"] and top - 3 <= float(r["y_mid_pt"]) * PT_MM <= bottom + 3]
    if len(body) < 20:
        continue
    full += 1
    chars = max(int(r["chars"]) for r in body)
    check(len(body) == 22, "page %d: %d lines in the type area (22 expected)" % (p["page"], len(body)))
    check(chars in (27, 28), "page %d: %d characters on the longest line (27-28 expected)" % (p["page"], chars))
check(full > 0, "%d full body pages were checked" % full)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
