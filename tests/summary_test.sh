#!/bin/sh
# gongwen summary / --xlsx / diff: task counts equal `gongwen tasks`, the
# landscape 任务分解表 and its widths, determinism and edit stability, the
# 督办台账 read back by LibreOffice Calc (CSV rows = tasks), the charts in
# LibreOffice's PDF, the 修改对照表 of a deadline change + a unit added + a
# task deleted, usage errors.  One "ok"/"not ok"/"skip" line per check,
# last line "N passed, N failed"; exit 1 when anything failed.
#   GONGWEN  the program under test (default build/gongwen)
#   SHARED   ../shared (seeds, tools); the seed checks skip without it
GONGWEN=${GONGWEN:-build/gongwen}
export GONGWEN
SHARED=${SHARED:-../shared}
FIX=tests/fixtures/summary
T=$(mktemp -d "${TMPDIR:-/tmp}/gongwen-summary.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
P=0; F=0
ok() { P=$((P + 1)); echo "ok - $*"; }
no() { F=$((F + 1)); echo "not ok - $*"; }
skip() { echo "skip - $*"; }
check() { # check NAME COMMAND...
    name=$1; shift
    if "$@" >"$T/out" 2>&1; then ok "$name"; else no "$name"; sed 's/^/    /' "$T/out" | head -15; fi
}
expect_rc() { # expect_rc RC NAME COMMAND...
    want=$1; name=$2; shift 2
    "$@" >"$T/stdout" 2>"$T/stderr"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name (exit $rc)"; else no "$name: exit $rc, expected $want"; sed 's/^/    /' "$T/stderr" | head -5; fi
}

# Python helper: facts of a summary DOCX as "key value" lines.
cat >"$T/facts.py" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
doc = z.read("word/document.xml").decode("utf-8")
tables = doc.split("<w:tbl>")
last = tables[-1]
rows = re.findall(r"<w:tr>.*?</w:tr>", last, re.S)
def cell_texts(row):
    return ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c)) for c in re.findall(r"<w:tc>.*?</w:tc>", row, re.S)]
data = [r for r in rows if "<w:tblHeader/>" not in r and cell_texts(r) and cell_texts(r)[0].isdigit()]
print("rows", len(data))
print("header_rows", sum("<w:tblHeader/>" in r for r in rows))
print("grid_sum", sum(int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', last.split("</w:tblGrid>")[0])))
print("landscape", int('w:orient="landscape"' in doc.split("</w:tbl>")[-1]))
m = re.search(r"共梳理工作任务(\d+)项", doc)
print("stated", m.group(1) if m else "none")
months = 0
if "word/charts/chart2.xml" in z.namelist():
    c = z.read("word/charts/chart2.xml").decode("utf-8")
    months = sum(int(v) for v in re.findall(r"<c:v>(\d+)</c:v>", c.split("<c:numCache>")[1]))
print("month_sum", months)
print("charts", sum(n.startswith("word/charts/chart") for n in z.namelist()))
EOF
fact() { python3 "$T/facts.py" "$1" | sed -n "s/^$2 //p"; }
ntasks() { "$GONGWEN" tasks "$@" | tail -n +2 | wc -l | tr -d ' '; }

# counts: the summary holds exactly the tasks `gongwen tasks` exports
counts() { # counts LABEL DOCX N
    if [ "$(fact "$2" rows)" = "$3" ] && [ "$(fact "$2" stated)" = "$3" ] && [ "$(fact "$2" month_sum)" = "$3" ]; then
        ok "$1: 任务分解表 rows, stated total and month chart all equal gongwen tasks ($3)"
    else
        no "$1: counts differ from gongwen tasks ($3)"; python3 "$T/facts.py" "$2" | sed 's/^/    /'
    fi
}

check "summary of one plan" "$GONGWEN" summary "$FIX/plan-a.txt" -o "$T/a.docx" --xlsx "$T/a.xlsx"
counts "plan-a" "$T/a.docx" "$(ntasks "$FIX/plan-a.txt")"
if [ "$(fact "$T/a.docx" header_rows)" = 1 ] && [ "$(fact "$T/a.docx" landscape)" = 1 ] &&
    [ "$(fact "$T/a.docx" grid_sum)" = 12756 ]; then
    ok "任务分解表: landscape section, repeated header row, widths sum to 225 mm"
else
    no "任务分解表 layout"; python3 "$T/facts.py" "$T/a.docx" | sed 's/^/    /'
fi
[ "$(fact "$T/a.docx" charts)" = 2 ] && ok "two native chart parts" || no "chart parts missing"

check "summary of two plans (txt + md)" "$GONGWEN" summary "$FIX/plan-a.txt" "$FIX/plan-b.md" -o "$T/ab.docx" --xlsx "$T/ab.xlsx"
counts "plan-a + plan-b" "$T/ab.docx" "$(($(ntasks "$FIX/plan-a.txt") + $(ntasks "$FIX/plan-b.md")))"

# determinism and edit stability
"$GONGWEN" summary "$FIX/plan-a.txt" -o "$T/a2.docx" --xlsx "$T/a2.xlsx" 2>/dev/null
check "identical input gives a byte-identical summary" cmp "$T/a.docx" "$T/a2.docx"
check "identical input gives a byte-identical ledger" cmp "$T/a.xlsx" "$T/a2.xlsx"
SOURCE_DATE_EPOCH=1767225600 "$GONGWEN" summary "$FIX/plan-a.txt" -o "$T/e1.docx" 2>/dev/null
SOURCE_DATE_EPOCH=1767225600 "$GONGWEN" summary "$FIX/plan-a.txt" -o "$T/e2.docx" 2>/dev/null
check "SOURCE_DATE_EPOCH output is reproducible" cmp "$T/e1.docx" "$T/e2.docx"
sed 's/2026年4月底前完成/2026年5月底前完成/' "$FIX/plan-a.txt" >"$T/plan-a.txt"
"$GONGWEN" summary "$T/plan-a.txt" -o "$T/edit.docx" 2>/dev/null
changed=$(python3 - "$T/a.docx" "$T/edit.docx" <<'EOF'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
print(" ".join(n for n in a.namelist() if a.read(n) != b.read(n)))
EOF
)
if [ "$changed" = "word/document.xml word/charts/chart2.xml word/embeddings/chart2-data.xlsx" ]; then
    ok "a deadline edit changes only the document text and the per-month chart"
else
    no "a deadline edit changed: $changed"
fi

# the 督办台账 read back by LibreOffice Calc
if ! command -v soffice >/dev/null 2>&1; then
    skip "ledger CSV check: LibreOffice (soffice) is not installed"
else
    mkdir -p "$T/csv"
    soffice -env:UserInstallation="file://$T/lo" --headless \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "$T/csv" "$T/a.xlsx" >"$T/soffice.log" 2>&1
    main_csv="$T/csv/a-督办台账.csv"
    if [ ! -f "$main_csv" ] && grep -q 'could not be loaded' "$T/soffice.log"; then
        skip "ledger CSV check: this LibreOffice has no Calc (install libreoffice-calc-nogui)"
    elif [ ! -f "$main_csv" ]; then
        no "LibreOffice converts the ledger to CSV"; sed 's/^/    /' "$T/soffice.log" | head
    else
        ok "LibreOffice opens the ledger and converts every sheet to CSV"
        if python3 - "$main_csv" "$T/csv" <<'EOF'
import csv, glob, os, subprocess, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
assert rows[0] == ["序号", "任务", "牵头单位", "责任单位", "配合单位", "完成时限", "进展", "备注"], rows[0]
tasks = [l.split("\t") for l in subprocess.run([os.environ["GONGWEN"], "tasks", "tests/fixtures/summary/plan-a.txt"],
         capture_output=True, text=True).stdout.splitlines()[1:]]
assert len(rows) - 1 == len(tasks), (len(rows) - 1, len(tasks))
for i, (r, t) in enumerate(zip(rows[1:], tasks)):
    assert r[0] == str(i + 1), r[0]
    assert r[2:5] == t[1:4], (r[2:5], t[1:4])          # lead, responsible, support as exported
    assert r[1] and r[1] in t[5], (r[1], t[5])          # the task text, without marker and units
# one sheet per lead unit; every task of a lead unit is on its sheet
sheets = sorted(os.path.basename(p) for p in glob.glob(sys.argv[2] + "/a-*.csv"))
leads = {u for t in tasks for u in (t[1] or t[2]).split("、") if u}
assert len(sheets) == 1 + len(leads), (sheets, leads)
for u in leads:
    sub = list(csv.reader(open(sys.argv[2] + "/a-" + u + ".csv", encoding="utf-8-sig")))[1:]
    want = [str(i + 1) for i, t in enumerate(tasks) if u in (t[1] or t[2]).split("、")]
    assert [r[0] for r in sub] == want, (u, sub, want)
EOF
        then ok "ledger rows = gongwen tasks (序号, units), one sheet per lead unit"
        else no "ledger rows differ from gongwen tasks"; fi
    fi
    # the charts in LibreOffice's PDF
    if command -v pdftotext >/dev/null 2>&1; then
        soffice -env:UserInstallation="file://$T/lo" --headless --convert-to pdf --outdir "$T" "$T/a.docx" >"$T/pdf.log" 2>&1
        pdftotext -layout "$T/a.pdf" "$T/a.txt" 2>/dev/null
        if grep -q '图1' "$T/a.txt" && grep -q '图2' "$T/a.txt" && grep -q '县农业农村局' "$T/a.txt"; then
            ok "LibreOffice renders both charts (titles and labels in the PDF)"
        else
            no "charts missing from LibreOffice's PDF"; sed 's/^/    /' "$T/pdf.log" | head -5
        fi
        if pdfinfo -f 1 -l 99 "$T/a.pdf" 2>/dev/null | grep -q 'size: *841.* x 595'; then
            ok "the 任务分解表 is on landscape pages"
        else
            no "no landscape page in LibreOffice's PDF"
        fi
    else
        skip "chart check: pdftotext (poppler-utils) is not installed"
    fi
fi

# 修改对照表: one deadline changed, one unit added, one task deleted
"$GONGWEN" diff "$FIX/plan-a.txt" "$FIX/plan-a-edited.txt" --format tsv >"$T/d.tsv" 2>"$T/err"
if [ "$(tail -n +2 "$T/d.tsv" | cut -f1,4 | tr '\t' ' ' | tr '\n' ';')" = "removed task;changed deadline;changed support;" ]; then
    ok "diff lists exactly the deleted task, the deadline and the added unit"
else
    no "diff of plan-a / plan-a-edited"; sed 's/^/    /' "$T/d.tsv"
fi
check "diff TSV has the header line" grep -q "^change	old_id	new_id	field	old	new$" "$T/d.tsv"
check "diff writes the DOCX 修改对照表" "$GONGWEN" diff "$FIX/plan-a.txt" "$FIX/plan-a-edited.txt" -o "$T/d1.docx"
"$GONGWEN" diff "$FIX/plan-a.txt" "$FIX/plan-a-edited.txt" -o "$T/d2.docx" 2>/dev/null
check "identical input gives a byte-identical 修改对照表" cmp "$T/d1.docx" "$T/d2.docx"
"$GONGWEN" diff "$FIX/plan-a.txt" "$FIX/plan-a.txt" --format tsv >"$T/same.tsv" 2>/dev/null
[ "$(wc -l <"$T/same.tsv")" -eq 1 ] && ok "a plan against itself: no changes" || no "a plan against itself lists changes"

# usage and failures
expect_rc 2 "summary without -o or --xlsx is a usage error" "$GONGWEN" summary "$FIX/plan-a.txt"
expect_rc 2 "summary without a plan is a usage error" "$GONGWEN" summary -o "$T/x.docx"
expect_rc 2 "diff needs two versions" "$GONGWEN" diff "$FIX/plan-a.txt" -o "$T/x.docx"
expect_rc 2 "diff rejects an unknown --format" "$GONGWEN" diff "$FIX/plan-a.txt" "$FIX/plan-a.txt" --format xls
expect_rc 1 "summary of a missing plan is an input error" "$GONGWEN" summary "$T/nope.txt" -o "$T/x.docx" --xlsx "$T/x.xlsx"
if [ ! -e "$T/x.docx" ] && [ ! -e "$T/x.xlsx" ]; then ok "a failed summary writes nothing"; else no "a failed summary left output"; fi

# the seeds (../shared): counts equal gongwen tasks; the Done-when diff
if [ ! -d "$SHARED/seeds" ]; then
    skip "seed checks: $SHARED/seeds is not here (fresh clone without ../shared)"
else
    for n in 001 003; do
        f=$(ls "$SHARED"/seeds/${n}_*.txt 2>/dev/null | head -n 1)
        if [ -z "$f" ]; then skip "seed $n is missing"; continue; fi
        if "$GONGWEN" summary "$f" -o "$T/seed$n.docx" --xlsx "$T/seed$n.xlsx" 2>"$T/err"; then
            counts "seed $n" "$T/seed$n.docx" "$(ntasks "$f")"
        else
            no "summary of seed $n"; sed 's/^/    /' "$T/err" | head -5
        fi
    done
    f=$(ls "$SHARED"/seeds/001_*.txt 2>/dev/null | head -n 1)
    if [ -n "$f" ]; then
        "$GONGWEN" tasks "$f" >"$T/t001.tsv"
        # a copy with one deadline changed, one unit added and one task deleted
        python3 - "$f" "$T/t001.tsv" "$T/seed-edit.txt" >"$T/picked" <<'EOF'
import re, sys
src, tsv, out = sys.argv[1:4]
lines = open(src, encoding="utf-8").read().split("\n")
rows = [r.split("\t") for r in open(tsv, encoding="utf-8").read().splitlines()[1:]]
used = set()
def pick(pred):
    for r in rows:
        ln = int(r[6]) - 1
        if ln not in used and pred(r, lines[ln]):
            used.add(ln)
            return r, ln
    raise SystemExit("no candidate task")
r1, l1 = pick(lambda r, t: r[4] and t.count("月底前") == 1)
lines[l1] = lines[l1].replace("月底前", "月15日前")
r2, l2 = pick(lambda r, t: re.search("责任单位[:：]", t) is not None)
lines[l2] = re.sub("(责任单位[:：])", r"\1区审计局、", lines[l2], count=1)
r3, l3 = pick(lambda r, t: len(r[5]) > 10)
del lines[l3]
print(r1[0], r2[0], r3[0])
open(out, "w", encoding="utf-8").write("\n".join(lines))
EOF
        "$GONGWEN" diff "$f" "$T/seed-edit.txt" --format tsv >"$T/sd.tsv" 2>/dev/null
        got=$(tail -n +2 "$T/sd.tsv" | cut -f1,4 | sort | tr '\t' ' ' | tr '\n' ';')
        if [ "$got" = "changed deadline;changed responsible;removed task;" ]; then
            ok "seed 001 against an edited copy: exactly the three changes ($(cat "$T/picked"))"
        else
            no "seed 001 diff: $got"; sed 's/^/    /' "$T/sd.tsv" | cut -c1-160
        fi
    fi
fi

# ---- a ledger with many lead units and few files allowed ----
# 150 lead units: 151 sheets, each with a file open while it is streamed;
# under `ulimit -n 128` the ledger is made in memory instead: the same
# cells, with the strings in a shared table instead of in the cells.
python3 - "$T/units.txt" <<'EOF'
import sys
parts = ["一", "二", "三", "四", "五"]
out = ["测试镇2026年专项工作方案", ""]
for p in range(5):
    out += ["%s、第%s部分任务" % (parts[p], parts[p]), ""]
    for i in range(1, 31):
        k = p * 30 + i
        out += ["%d.完成第%d项整治任务。（牵头单位：第%d工作组；2026年6月底前完成）" % (i, k, k), ""]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out))
EOF
cat >"$T/sheets.py" <<'EOF'
import html, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
sst = []
if "xl/sharedStrings.xml" in names:
    sst = [html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
           for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
for n in sorted(names):
    if n.startswith("xl/worksheets/sheet"):
        for c in re.finditer(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', z.read(n).decode(), re.S):
            body = c.group(3) or ""
            if 't="s"' in c.group(2):
                v = sst[int(re.search(r"<v>(\d+)</v>", body).group(1))]
            else:
                v = html.unescape("".join(re.findall(r"<[tv][^>]*>(.*?)</[tv]>", body, re.S)))
            print(n, c.group(1), v)
print("shared", "xl/sharedStrings.xml" in names)
EOF
(ulimit -n 128 && "$GONGWEN" summary "$T/units.txt" -o "$T/u128.docx" --xlsx "$T/u128.xlsx") >"$T/u128.log" 2>&1
r128=$?
"$GONGWEN" summary "$T/units.txt" -o "$T/u.docx" --xlsx "$T/u.xlsx" >"$T/u.log" 2>&1
r=$?
python3 "$T/sheets.py" "$T/u128.xlsx" >"$T/s128" 2>&1
python3 "$T/sheets.py" "$T/u.xlsx" >"$T/s" 2>&1
if [ $r128 -eq 0 ] && [ $r -eq 0 ] && grep -q '^shared True' "$T/s128" && grep -q '^shared False' "$T/s" &&
    grep -q '^xl/worksheets/sheet151.xml B2 完成第150项整治任务' "$T/s" &&
    [ "$(grep -v '^shared' "$T/s128" | md5sum)" = "$(grep -v '^shared' "$T/s" | md5sum)" ]; then
    ok "151-sheet ledger under ulimit -n 128: made in memory, the same cells as the streamed one"
else
    no "151-sheet ledger under ulimit -n 128 (exit $r128 / $r)"; head -5 "$T/u128.log" "$T/u.log" | sed 's/^/    /'
fi

echo "$P passed, $F failed"
[ "$F" -eq 0 ]
