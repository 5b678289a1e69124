#!/bin/sh
# replies_test.sh — end-to-end test of `gongwen replies LIST.csv -o DIR`.
#
#   GONGWEN=build/gongwen sh tests/replies_test.sh
#
# Generates a 200-row reply list (UTF-8 with BOM, CRLF, as Excel saves it,
# with quoted cells holding commas, quotes and line breaks) and 200 body
# files (.md and .txt) in a temporary folder, then checks:
#   - 200 letters named <类别>-<编号>.docx and 汇总.docx are written, exit 0;
#   - every letter is A4 with a different first page (no page number on
#     page 1) and a 22-line grid, and shows its own title and salutation;
#   - the summary's counts per 办理结果 and per 承办单位 and its table
#     (read back from word/document.xml) equal the list's;
#   - the same list saved as GBK gives byte-identical letters and summary;
#   - a row whose body file is missing is reported at its CSV line, the
#     other 199 letters are written, the summary lists it as 未生成 and
#     counts 199, and the exit status is non-zero.
# Prints "ok - …" / "not ok - …" per check and "N passed, N failed" last;
# exits non-zero when anything failed.
set -u

GONGWEN=${GONGWEN:-build/gongwen}
case $GONGWEN in /*) ;; *) GONGWEN=$(pwd)/$GONGWEN ;; esac
if [ ! -x "$GONGWEN" ]; then
    echo "not ok - no gongwen binary at $GONGWEN"
    echo "0 passed, 1 failed"
    exit 1
fi

T=$(mktemp -d /tmp/gw-replies-test.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND…
    name=$1
    shift
    if "$@" >"$T/check.out" 2>&1; then ok "$name"; else notok "$name"; sed 's/^/#   /' "$T/check.out" | head -20; fi
}

# ---- the list and the bodies ----
python3 - "$T" <<'EOF'
import csv, io, os, sys
root = sys.argv[1]
os.makedirs(os.path.join(root, "bodies"), exist_ok=True)
units = ["市教育局", "市民政局", "市交通运输局", "市卫生健康委", "市住房和城乡建设局", "市生态环境局"]
topics = ["社区养老服务", "中小学课后服务", "公交线路优化", "基层医疗服务", "老旧小区改造",
          "河道水质治理", "城市书房建设", "停车难问题", "垃圾分类", "农村饮水安全"]
results = "AAAAABBBBBBBCCD"   # uneven on purpose
surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
given = ["立新", "海燕", "建国", "晓梅", "志强", "丽华", "文博", "春生"]
rows = []
for i in range(1, 201):
    cat = "提案" if i <= 150 else "建议"
    num = "%04d" % i
    session = "市政协十三届三次会议" if cat == "提案" else "市十六届人大三次会议"
    topic = topics[i % len(topics)]
    unit = units[(i * 7) % len(units)]
    who = surnames[i % len(surnames)] + given[i % len(given)]
    title = "关于加强%s的%s" % (topic, cat)
    if i % 25 == 0:
        title = "关于\"%s\"工作，进一步提质增效的%s" % (topic, cat)   # quotes and a comma
    if i % 40 == 0:
        title = "关于加强%s\n的%s" % (topic, cat)                   # a line break in the cell
    ext = ".md" if i % 2 else ".txt"
    body = "bodies/%s%s" % (num, ext)
    paras = [
        "您提出的《%s》（第%s号）收悉。经认真研究，现答复如下：" % (title.replace("\n", ""), num),
        "一、基本情况",
        "近年来，我们围绕%s持续用力，建立了部门协同、上下联动的工作机制，相关工作取得阶段性进展。" % topic,
        "二、下一步打算",
        "我们将认真吸纳您的意见，细化工作措施，明确时间节点，确保各项举措落到实处。",
    ]
    if i % 10 == 3:   # some long letters, to fill whole pages
        for k in range(1, 9):
            paras.append("（%s）第%s项措施：结合本地实际，统筹资金、场地和人员保障，按季度调度进展，"
                         "及时研究解决推进中遇到的困难和问题，并将落实情况向社会公开，接受群众监督。"
                         % ("一二三四五六七八"[k - 1], "一二三四五六七八"[k - 1]))
    paras.append("感谢您对我们工作的关心和支持。")
    with open(os.path.join(root, body), "w", encoding="utf-8") as f:
        f.write("\n\n".join(paras) + "\n")
    rows.append({
        "编号": num, "类别": cat, "会议": session, "提出人": who, "标题": title,
        "办理结果": results[i % len(results)], "承办单位": unit,
        "会办单位": units[(i * 5 + 1) % len(units)] if i % 3 == 0 else "",
        "签发人": "刘明", "联系人": "陈静", "联系电话": "0571-8700%04d" % i,
        "公开属性": "主动公开" if i % 4 else "依申请公开",
        "成文日期": "2025/7/%d" % (1 + i % 28) if i % 2 else "2025年7月%d日" % (1 + i % 28),
        "发文字号": "示提复〔2025〕%d号" % i,
        "抄送": "市政协提案委员会，市政府督查室" if cat == "提案" else "市人大常委会代表工作委员会",
        "正文": body,
    })
# columns in a shuffled order, plus one the tool does not know
cols = ["正文", "编号", "类别", "会议", "提出人", "标题", "备注", "办理结果", "承办单位", "会办单位",
        "签发人", "联系人", "联系电话", "公开属性", "成文日期", "发文字号", "抄送"]

def write(name, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n", restval="")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    text = buf.getvalue()
    with open(os.path.join(root, name), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    # physical line of each row (rows may span lines)
    lines, line = [], 2
    for r in rows:
        lines.append(line)
        b = io.StringIO()
        csv.DictWriter(b, fieldnames=cols, lineterminator="\r\n", restval="").writerow(r)
        line += b.getvalue().count("\n")
    return lines

write("list.csv", rows)
# the missing-body variant: row 0057 points to a file that does not exist
miss = [dict(r) for r in rows]
miss[56]["正文"] = "bodies/0057-missing.md"
lines = write("list-missing.csv", miss)
with open(os.path.join(root, "missing.line"), "w") as f:
    f.write("%d\n" % lines[56])
EOF
[ -f "$T/list.csv" ] || { echo "not ok - generating the list"; echo "0 passed, 1 failed"; exit 1; }

# GBK copy of the list (no BOM: WPS/Excel "CSV" in the ANSI code page)
tail -c +4 "$T/list.csv" | iconv -f UTF-8 -t GB18030 >"$T/list-gbk.csv"

# ---- run: the UTF-8 list ----
cd "$T" || exit 1
START=$(date +%s.%N)
"$GONGWEN" replies list.csv -o out >run.out 2>run.err
RC=$?
END=$(date +%s.%N)
check "replies exits 0 on a clean 200-row list (rc=$RC)" test "$RC" -eq 0
check "200 letters and 汇总.docx are written" sh -c '
    n=$(ls out/提案-*.docx out/建议-*.docx 2>/dev/null | wc -l)
    [ "$n" -eq 200 ] && [ -f out/汇总.docx ] && [ -f out/提案-0001.docx ] && [ -f out/建议-0200.docx ] ||
        { echo "letters: $n"; ls out | head; exit 1; }'
check "one progress line per letter" grep -q '^\[200/200\] 建议-0200.docx' run.err
check "the unknown column 备注 gives a warning" grep -q 'list.csv:1:.*备注' run.err
check "no 【待补】 warnings for a complete list" sh -c '! grep -q "待补" run.err'
python3 -c "print('# %.0f letters/s (%.3f s for 200 letters + summary)' % (200 / ($END - $START), $END - $START))"

# LibreOffice lays letters out as a reader sees them: A4, no page number on
# page 1, — N — later, 22 lines on full pages.  A sample by default; all 200
# with REPLIES_RENDER_ALL=1 (takes minutes).
SHARED=${SHARED:-../shared}
case "$SHARED" in /*) ;; *) SHARED="$OLDPWD/$SHARED" ;; esac   # relative to the repository, not $T
RC_TOOL="$OLDPWD/tests/render_check.sh"
if command -v soffice >/dev/null 2>&1 && [ -x "$SHARED/tools/render-check.sh" ]; then
    if [ "${REPLIES_RENDER_ALL:-0}" = 1 ]; then sample=$(ls out/提案-*.docx out/建议-*.docx)
    else sample="out/提案-0001.docx out/提案-0099.docx out/建议-0200.docx"; fi
    for f in $sample; do
        check "render check of $(basename "$f")" env SHARED="$SHARED" sh "$RC_TOOL" "$f" "$T/rc/$(basename "$f" .docx)" --letter
    done
else
    echo "skip - letter render checks: LibreOffice or $SHARED/tools is not here"
fi

check "every letter: A4, different first page, 22-line grid, own title and salutation" python3 - <<'EOF'
import csv, re, sys, zipfile
rows = list(csv.DictReader(open("list.csv", encoding="utf-8-sig", newline="")))
bad = []
for r in rows:
    name = "out/%s-%s.docx" % (r["类别"], r["编号"])
    z = zipfile.ZipFile(name)
    doc = z.read("word/document.xml").decode("utf-8")
    sect = re.findall(r"<w:sectPr.*?</w:sectPr>", doc, re.S)[-1]
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", doc))
    sal = r["提出人"] + ("委员" if r["类别"] == "提案" else "代表")
    title = "关于对%s第%s号%s的答复" % (r["会议"], r["编号"], r["类别"])
    probs = []
    if 'w:w="11906"' not in sect or 'w:h="16838"' not in sect: probs.append("not A4")
    if "<w:titlePg/>" not in sect: probs.append("no titlePg")
    if 'w:linePitch="579"' not in sect: probs.append("grid is not 22 lines")
    if title not in text: probs.append("title")
    if sal + "：" not in text: probs.append("salutation")
    if r["发文字号"] not in text: probs.append("doc number")
    if "【待补】" in text: probs.append("【待补】")
    if probs: bad.append("%s: %s" % (name, ", ".join(probs)))
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
EOF

cat >"$T/summary.py" <<'EOF'
# summary.py LIST OUTDIR [MISSING_NUMBER] — the summary's counts equal the list's
import csv, re, sys, zipfile
from collections import Counter
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
missing = sys.argv[3] if len(sys.argv) > 3 else None
made = [r for r in rows if r["编号"] != missing]
doc = zipfile.ZipFile(sys.argv[2] + "/汇总.docx").read("word/document.xml").decode("utf-8")
paras = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", doc, re.S)]
text = "\n".join(paras)
total = len(made)
pct = lambda n: (n * 200 + total) // (2 * total)
errs = []
res = Counter(r["办理结果"] for r in made)
for k in "ABCD":
    want = "%s类%d件，占%d%%" % (k, res[k], pct(res[k]))
    if want not in text: errs.append("missing: " + want)
units = Counter(r["承办单位"] for r in made)
order = sorted(units.items(), key=lambda kv: (-kv[1], kv[0].encode()))
want = "；".join("%s%d件，占%d%%" % (u, n, pct(n)) for u, n in order) + "。"
if want not in text: errs.append("missing: " + want)
got = sum(int(n) for n in re.findall(r"[ABCD]类(\d+)件", text))
if got != total: errs.append("A-D add up to %d, not %d" % (got, total))
# the table of replies: one row per letter made (+ the header)
tables = re.findall(r"<w:tbl>.*?</w:tbl>", doc, re.S)
if not tables: errs.append("no table")
else:
    trs = re.findall(r"<w:tr[ >].*?</w:tr>", tables[0], re.S)
    if len(trs) != total + 1: errs.append("table has %d rows, not %d" % (len(trs), total + 1))
    cells = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", c)) for c in re.findall(r"<w:tc>.*?</w:tc>", trs[-1], re.S)]
    last = made[-1]
    for v in (last["编号"], last["提出人"], last["办理结果"], last["承办单位"]):
        if v not in cells: errs.append("last table row lacks %s: %s" % (v, cells))
if missing:
    if "未生成1件" not in text: errs.append("no 未生成1件")
    if len(tables) < 2 or missing not in "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", tables[-1])):
        errs.append("the failed row is not listed")
print("\n".join(errs))
sys.exit(1 if errs else 0)
EOF
check "summary counts per 办理结果 and 承办单位 and its table equal the list's" python3 summary.py list.csv out

# ---- the same list as GBK ----
"$GONGWEN" replies list-gbk.csv -o out-gbk >run-gbk.out 2>run-gbk.err
RC=$?
check "the GBK list exits 0 (rc=$RC)" test "$RC" -eq 0
check "the GBK list gives byte-identical letters and summary" sh -c '
    n=0
    for f in out/*.docx; do
        cmp -s "$f" "out-gbk/${f#out/}" || { echo "differs: $f"; n=$((n + 1)); }
    done
    [ "$(ls out-gbk | wc -l)" -eq "$(ls out | wc -l)" ] && [ "$n" -eq 0 ]'

# ---- a row whose body file is missing ----
LINE=$(cat missing.line)
"$GONGWEN" replies list-missing.csv -o out-missing >run-missing.out 2>run-missing.err
RC=$?
check "a missing body file makes the exit status non-zero (rc=$RC)" test "$RC" -ne 0
check "the missing body is reported at its CSV line ($LINE)" \
    grep -q "^list-missing.csv:$LINE:[0-9]*: error: .*0057-missing.md" run-missing.err
check "exactly one error is reported" sh -c '[ "$(grep -c ": error: " run-missing.err)" -eq 1 ] || cat run-missing.err'
check "the other 199 letters are written" sh -c '
    n=$(ls out-missing | grep -c "^[提建].*\.docx$")
    [ "$n" -eq 199 ] && [ ! -f out-missing/提案-0057.docx ] && [ -f out-missing/汇总.docx ] || { echo "letters: $n"; exit 1; }'
check "the other letters are identical to the full run's" sh -c '
    for f in out-missing/*-*.docx; do cmp -s "$f" "out/${f#out-missing/}" || { echo "differs: $f"; exit 1; }; done'
check "the summary counts 199 and lists row 0057 as 未生成" python3 summary.py list-missing.csv out-missing 0057

# ---- bad rows: a duplicate, an empty 编号, an unclosed quote ----
{
    printf '编号,类别,会议,提出人,标题,正文\r\n'
    printf '0001,提案,市政协十三届三次会议,甲,关于一的提案,bodies/0001.md\r\n'
    printf '0001,提案,市政协十三届三次会议,乙,关于二的提案,bodies/0003.md\r\n'
    printf ',提案,市政协十三届三次会议,丙,关于三的提案,bodies/0005.md\r\n'
    printf '0007,提案,市政协十三届三次会议,丁,"关于四的提案,bodies/0007.md\r\n'
} >rows.csv
"$GONGWEN" replies rows.csv -o out-rows >/dev/null 2>rows.err
RC=$?
check "bad rows: non-zero exit, one error per bad row at its line, the good row still written" sh -c "
    [ $RC -ne 0 ] && grep -q '^rows.csv:3:.*error: .*重复' rows.err && grep -q '^rows.csv:4:.*error: .*编号' rows.err &&
    grep -q '^rows.csv:5:.*error: .*引号' rows.err && [ -f out-rows/提案-0001.docx ] &&
    [ \$(ls out-rows | wc -l) -eq 2 ] || { cat rows.err; ls out-rows; exit 1; }"

# ---- list-level problems ----
printf '编号,标题\r\n1,关于甲的提案\r\n' >bad.csv
"$GONGWEN" replies bad.csv -o out-bad >/dev/null 2>bad.err
RC=$?
check "a list without the 类别/正文 columns fails with a header error" sh -c \
    "[ $RC -ne 0 ] && grep -q '^bad.csv:1: error: .*类别' bad.err && [ ! -f out-bad/汇总.docx ]"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
