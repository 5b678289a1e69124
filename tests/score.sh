#!/bin/sh
# make score: the three exports over ../shared/seeds against ../shared/gold.
#   --check  also print ok/not ok lines against the 0.99 bar (for tests/run.sh)
GONGWEN=${GONGWEN:-build/gongwen}
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/seeds" ] || [ ! -d "$SHARED/gold" ]; then
    echo "score: $SHARED/seeds or $SHARED/gold is not here; nothing to score"
    [ "$1" = "--check" ] && echo "0 passed, 0 failed"
    exit 0
fi
out=$(python3 "$SHARED/tools/score_extraction.py" --gold "$SHARED/gold" --docs "$SHARED/seeds" --run "$GONGWEN" \
      --min-rows 0.99 --min-units 0.99 --min-deadlines 0.99 --min-roster 1.0 --min-meta 1.0)
rc=$?
echo "$out"
if [ "$1" = "--check" ]; then
    if [ $rc -eq 0 ]; then echo "ok - extraction scores meet the bar"; echo "1 passed, 0 failed"
    else echo "not ok - extraction scores below the bar"; echo "0 passed, 1 failed"; fi
fi
exit $rc
