#!/bin/sh
# The test runner: every test of the project, one "ok"/"not ok" line per
# check, and last the line "N passed, N failed".
#   GONGWEN  the program under test (default build/gongwen)
#   BUILD    the build folder with tests/test_* unit binaries
#   SHARED   ../shared (seeds, gold, tools); tests that need it skip without it
GONGWEN=${GONGWEN:-build/gongwen}
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongwen-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
PASS=0
FAIL=0
SKIP=0

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
skip() { SKIP=$((SKIP + 1)); echo "skip - $*"; }
check() { # check NAME COMMAND...: passes when the command exits 0
    _c_name=$1; shift
    if "$@" >"$TMP/out" 2>&1; then ok "$_c_name"; else notok "$_c_name"; sed 's/^/    /' "$TMP/out" | head -20; fi
}
# Adds the counts of a sub-runner whose last line is "N passed, N failed".
tally() { # tally NAME COMMAND...   (variables prefixed _t_: callers' loop variables survive)
    _t_name=$1; shift
    "$@" >"$TMP/sub" 2>&1
    _t_rc=$?
    grep -E '^(not ok|skip) ' "$TMP/sub" | sed "s/^/[$_t_name] /"
    _t_last=$(tail -n 1 "$TMP/sub")
    _t_p=$(echo "$_t_last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
    _t_f=$(echo "$_t_last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
    if [ -z "$_t_p" ]; then
        notok "$_t_name (no summary line; exit $_t_rc)"
        tail -n 20 "$TMP/sub" | sed 's/^/    /'
        return
    fi
    PASS=$((PASS + _t_p)); FAIL=$((FAIL + _t_f))
    if [ "$_t_rc" -ne 0 ] && [ "$_t_f" -eq 0 ]; then notok "$_t_name exited $_t_rc"; fi
    echo "# $_t_name: $_t_p passed, $_t_f failed"
}

# 1. unit tests, one binary per module
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    tally "unit $(basename "$t")" "$t"
done

# 2. extraction rules, spec-style examples
tally "spec" python3 tests/spec_tests.py "$GONGWEN" tests/spec/*.txt

# 2b. our annotated corpus, exactly (tests/corpus; no ../shared needed)
tally "corpus" python3 tests/corpus_check.py "$GONGWEN"

# 3. CLI behaviour
sh tests/cli_test.sh >"$TMP/cli" 2>&1; tally "cli" cat "$TMP/cli"

# 4. golden models of every draft in inputs/ and tests/fixtures/drafts/,
#    checked against the schema by an independent validator (xmllint)
for f in inputs/*.txt inputs/*.md tests/fixtures/drafts/*.txt tests/fixtures/drafts/*.md; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    gold="tests/golden/$base.model.xml"
    if ! "$GONGWEN" parse "$f" -o "$TMP/model.xml" 2>"$TMP/err"; then
        notok "parse $f"; sed 's/^/    /' "$TMP/err"; continue
    fi
    if [ ! -f "$gold" ]; then
        notok "golden model $gold is missing (run make regen)"
    elif cmp -s "$TMP/model.xml" "$gold"; then
        ok "golden model $base"
    else
        notok "golden model $base differs (make regen shows the diff)"
        diff "$gold" "$TMP/model.xml" | head -20 | sed 's/^/    /'
    fi
    if command -v xmllint >/dev/null 2>&1; then
        check "schema-valid model $base (xmllint)" xmllint --noout --relaxng schema/gongwen.rng "$TMP/model.xml"
    fi
    # the model round-trips: render from the written model gives the same bytes
done

# 4b. the committed templates are exactly what their sources build
mkdir -p "$TMP/tpl"
if python3 tools/mktemplates.py --out "$TMP/tpl" >"$TMP/err" 2>&1; then
    for t in templates/*.docx; do
        check "template $(basename "$t") matches templates/src (make templates)" cmp "$t" "$TMP/tpl/$(basename "$t")"
    done
else
    notok "templates/src builds"; sed 's/^/    /' "$TMP/err"
fi

# 5. DOCX output: parts read back and asserted, determinism
for f in inputs/*.txt inputs/*.md; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    kind=$("$GONGWEN" meta "$f" | sed -n 's/^kind\t//p')
    if "$GONGWEN" render "$f" -o "$TMP/a.docx" 2>"$TMP/err"; then
        ok "render $base ($kind)"
        tally "docx $base" python3 tests/docx_check.py "$TMP/a.docx" --kind "$kind" --allow-missing
        "$GONGWEN" render "$f" -o "$TMP/b.docx" 2>/dev/null
        check "render $base twice gives identical bytes" cmp "$TMP/a.docx" "$TMP/b.docx"
        "$GONGWEN" parse "$f" -o "$TMP/m.xml" 2>/dev/null
        "$GONGWEN" render "$TMP/m.xml" --kind "$kind" -o "$TMP/c.docx" 2>/dev/null
        check "render from the written model of $base gives the same document" cmp "$TMP/a.docx" "$TMP/c.docx"
    else
        notok "render $base"; sed 's/^/    /' "$TMP/err"
    fi
done

# 6. reply letters from a list
if [ -f tests/replies_test.sh ]; then
    tally "replies" env GONGWEN="$GONGWEN" SHARED="$SHARED" sh tests/replies_test.sh
fi

# 6a. gongwen build: incremental, parallel, interrupt-safe
if [ -f tests/build_test.sh ]; then
    tally "build" env GONGWEN="$GONGWEN" sh tests/build_test.sh
fi

# 6b. summaries, the 督办台账 workbook and the 修改对照表
if [ -f tests/summary_test.sh ]; then
    tally "summary" env GONGWEN="$GONGWEN" SHARED="$SHARED" sh tests/summary_test.sh
fi

# 7. the seed documents, when ../shared is present
if [ -d "$SHARED/seeds" ]; then
    for f in "$SHARED"/seeds/*.txt; do
        base=$(basename "$f" .txt)
        if "$GONGWEN" parse "$f" -o "$TMP/seed.xml" 2>"$TMP/err" && xmllint --noout --relaxng schema/gongwen.rng "$TMP/seed.xml" 2>>"$TMP/err"; then
            ok "seed $base parses into a schema-valid model"
        else
            notok "seed $base parses into a schema-valid model"; sed 's/^/    /' "$TMP/err" | head
        fi
    done
    for pair in 000:notice 003:notice 004:report 001:notice 002:reply; do
        n=${pair%%:*}; k=${pair#*:}
        f=$(ls "$SHARED"/seeds/${n}_*.txt)
        if "$GONGWEN" render "$f" --kind "$k" -o "$TMP/seed-$n.docx" 2>"$TMP/err"; then
            ok "seed $n renders as $k"
            tally "docx seed $n" python3 tests/docx_check.py "$TMP/seed-$n.docx" --kind "$k" --allow-missing
        else
            notok "seed $n renders as $k"; sed 's/^/    /' "$TMP/err" | head
        fi
    done
    if [ -d "$SHARED/gold" ]; then
        tally "score" sh tests/score.sh --check
    fi
    # 8. LibreOffice layout check of a generated notice
    if command -v soffice >/dev/null 2>&1 && [ -x "$SHARED/tools/render-check.sh" ]; then
        tally "render-check" sh tests/render_check.sh "$TMP/seed-000.docx" "$TMP/rc"
    else
        skip "render check: LibreOffice (soffice) is not installed"
    fi
else
    skip "seed tests: $SHARED/seeds is not here (fresh clone without ../shared)"
fi

echo "$PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" -eq 0 ]
