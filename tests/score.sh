#!/bin/sh
# make score: the three exports scored against hand annotations —
#   the seeds (../shared/seeds against ../shared/gold) and our own annotated
#   corpus (tests/corpus/drafts against tests/corpus/gold), both with
#   ../shared/tools/score_extraction.py.
#   --check  also print ok/not ok lines against the bars (for tests/run.sh)
GONGWEN=${GONGWEN:-build/gongwen}
SHARED=${SHARED:-../shared}
TOOL="$SHARED/tools/score_extraction.py"
pass=0
fail=0
if [ ! -f "$TOOL" ]; then
    echo "score: $TOOL is not here; nothing to score"
    [ "$1" = "--check" ] && echo "0 passed, 0 failed"
    exit 0
fi
rc=0
# name, drafts, gold
score() {
    out=$(python3 "$TOOL" --gold "$3" --docs "$2" --run "$GONGWEN" \
          --min-rows 0.99 --min-units 0.99 --min-deadlines 0.99 --min-roster 1.0 --min-meta 1.0)
    r=$?
    echo "# $1"
    echo "$out"
    if [ $r -eq 0 ]; then
        pass=$((pass + 1)); [ "$CHECK" ] && echo "ok - $1: extraction scores meet the bar"
    else
        fail=$((fail + 1)); rc=1; [ "$CHECK" ] && echo "not ok - $1: extraction scores below the bar"
    fi
}
CHECK=
[ "$1" = "--check" ] && CHECK=1
if [ -d "$SHARED/seeds" ] && [ -d "$SHARED/gold" ]; then
    score "seeds" "$SHARED/seeds" "$SHARED/gold"
else
    echo "score: $SHARED/seeds or $SHARED/gold is not here; seeds not scored"
fi
score "corpus" tests/corpus/drafts tests/corpus/gold
[ "$CHECK" ] && echo "$pass passed, $fail failed"
exit $rc
