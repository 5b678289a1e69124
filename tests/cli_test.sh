#!/bin/sh
# CLI behaviour: help, version, exit codes, error messages with
# file:line:col, encodings, output formats, no partial output on failure.
GONGWEN=${GONGWEN:-build/gongwen}
T=$(mktemp -d "${TMPDIR:-/tmp}/gongwen-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
P=0; F=0
ok() { P=$((P + 1)); echo "ok - $*"; }
no() { F=$((F + 1)); echo "not ok - $*"; }
expect_rc() { # expect_rc RC NAME COMMAND...
    want=$1; name=$2; shift 2
    "$@" >"$T/stdout" 2>"$T/stderr"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name (exit $rc)"; else no "$name: exit $rc, expected $want"; sed 's/^/    /' "$T/stderr" | head -5; fi
}
has() { # has NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then ok "$1"; else no "$1: '$3' not in output"; sed 's/^/    /' "$2" | head -5; fi
}

expect_rc 0 "--version" "$GONGWEN" --version
has "--version names the version" "$T/stdout" '^gongwen [0-9]'
expect_rc 0 "--help" "$GONGWEN" --help
has "--help lists the verbs" "$T/stdout" 'render INPUT'
expect_rc 2 "no arguments is a usage error" "$GONGWEN"
expect_rc 2 "unknown verb is a usage error" "$GONGWEN" frobnicate
expect_rc 2 "unknown option is a usage error" "$GONGWEN" tasks --bogus x.txt
expect_rc 2 "unknown --format is a usage error" "$GONGWEN" tasks inputs/方案-老旧小区改造.md --format xls
expect_rc 2 "unknown --kind is a usage error" "$GONGWEN" parse inputs/方案-老旧小区改造.md --kind memo
expect_rc 1 "a missing draft is an input error" "$GONGWEN" parse "$T/nope.txt"
has "the missing file is named" "$T/stderr" 'nope.txt'

# bytes that are neither UTF-8, GB18030 nor UTF-16: file:line:col
printf '第一行\n第二行\201\040坏了\n' >"$T/bad.txt"
expect_rc 1 "undecodable bytes are an input error" "$GONGWEN" parse "$T/bad.txt"
has "the error names file:line:col" "$T/stderr" 'bad.txt:2:4: error'

# no partial or corrupt output on failure
echo "old" >"$T/out.docx"
"$GONGWEN" render "$T/bad.txt" -o "$T/out.docx" 2>/dev/null
if [ "$(cat "$T/out.docx")" = "old" ]; then ok "a failed render leaves the old output untouched"; else no "a failed render changed the old output"; fi
"$GONGWEN" render "$T/bad.txt" -o "$T/new.docx" 2>/dev/null
if [ ! -e "$T/new.docx" ] && [ -z "$(ls "$T" | grep tmp)" ]; then ok "a failed render leaves no file behind"; else no "a failed render left a file"; fi

# -o - writes to standard output
"$GONGWEN" parse inputs/方案-老旧小区改造.md -o - >"$T/m.xml" 2>/dev/null
has "parse -o - writes the model to stdout" "$T/m.xml" '<document xmlns="urn:gongwen:model:1"'

# export formats
"$GONGWEN" tasks inputs/方案-老旧小区改造.md --format csv >"$T/t.csv"
if head -c 3 "$T/t.csv" | od -An -tx1 | grep -q 'ef bb bf'; then ok "CSV starts with a BOM"; else no "CSV has no BOM"; fi
has "CSV has CRLF line ends" "$T/t.csv" "$(printf '\r')"
"$GONGWEN" tasks inputs/方案-老旧小区改造.md --format json >"$T/t.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d and "lead" in d[0]' "$T/t.json"; then ok "JSON is an array of objects"; else no "JSON does not parse"; fi
"$GONGWEN" tasks inputs/方案-老旧小区改造.md >"$T/t.tsv"
has "TSV has the header line" "$T/t.tsv" "^id	lead	responsible	support	deadline	text	line$"

# encodings give the same extraction
printf '一、任务\r\n1.建立台账。（牵头单位：区民政局；责任单位：各街道）\r\n' >"$T/u8.txt"
iconv -f UTF-8 -t GB18030 "$T/u8.txt" >"$T/gbk.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$T/u8.txt"; } >"$T/u16.txt"
printf '\357\273\277一、任务\r1.建立台账。（牵头单位：区民政局；责任单位：各街道）\r' >"$T/cr.txt"
"$GONGWEN" tasks "$T/u8.txt" | cut -f1-5 >"$T/a"
for v in gbk u16 cr; do
    "$GONGWEN" tasks "$T/$v.txt" | cut -f1-5 >"$T/b"
    if cmp -s "$T/a" "$T/b" && grep -q '区民政局' "$T/b"; then ok "$v draft reads like UTF-8"; else no "$v draft differs"; diff "$T/a" "$T/b" | head -5; fi
done

# --warnings: lines that look like assignments but gave no task
printf '一、要求\n各部门要明确专人负责，6月底前报送情况。\n' >"$T/w.txt"
"$GONGWEN" tasks "$T/w.txt" --warnings >/dev/null 2>"$T/werr"
has "--warnings names file:line:col of a missed assignment" "$T/werr" 'w.txt:2:1: warning'

# model files: hand-edited models are validated with line numbers
cat >"$T/bad.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:gongwen:model:1" kind="plan">
  <body>
    <paragraph>不在模式中的元素</paragraph>
  </body>
</document>
XML
expect_rc 1 "an invalid model file is an input error" "$GONGWEN" check "$T/bad.xml"
has "the schema error names the line" "$T/stderr" 'bad.xml:4'
"$GONGWEN" parse inputs/方案-老旧小区改造.md -o "$T/good.xml" 2>/dev/null
expect_rc 0 "a written model passes check" "$GONGWEN" check "$T/good.xml"

# an 意见 issued alone is a plan, but with a 字号 it is a 文件: the notice's 版头
printf '某市人民政府\n关于推进县域商业发展的实施意见\n\n某政发〔2026〕7号\n\n各县人民政府：\n\n现提出如下意见。\n\n某市人民政府\n2026年3月2日\n' >"$T/yj.txt"
"$GONGWEN" meta "$T/yj.txt" --format tsv >"$T/yj.tsv" 2>/dev/null
has "an 意见 without a 通知 cover is of kind plan" "$T/yj.tsv" 'kind	plan'
"$GONGWEN" render "$T/yj.txt" -o "$T/yj.docx" 2>/dev/null
unzip -p "$T/yj.docx" word/document.xml >"$T/yj.xml" 2>/dev/null
has "a plan with a 字号 renders with the 版头 (发文字号 printed)" "$T/yj.xml" '某政发〔2026〕7号'
printf '某区2026年实施方案\n\n一、目标\n\n完成任务。\n' >"$T/fa.txt"
"$GONGWEN" render "$T/fa.txt" -o "$T/fa.docx" 2>/dev/null
unzip -p "$T/fa.docx" word/document.xml >"$T/fa.xml" 2>/dev/null
if grep -q '待补' "$T/fa.xml"; then no "a plan without a 字号 has no 版头 to fill"; else ok "a plan without a 字号 has no 版头 to fill"; fi

echo "$P passed, $F failed"
[ "$F" -eq 0 ]
