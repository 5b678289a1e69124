#!/bin/sh
# make regen: rewrites the golden model files from the current build and
# shows what changed.  Review the diff before committing.
GONGWEN=${GONGWEN:-build/gongwen}
mkdir -p tests/golden
for f in inputs/*.txt inputs/*.md tests/fixtures/drafts/*.txt tests/fixtures/drafts/*.md; do
    [ -f "$f" ] || continue
    gold="tests/golden/$(basename "$f").model.xml"
    "$GONGWEN" parse "$f" -o "$gold.new" || { rm -f "$gold.new"; continue; }
    if [ -f "$gold" ] && cmp -s "$gold" "$gold.new"; then
        rm -f "$gold.new"
    else
        echo "== $gold"
        [ -f "$gold" ] && diff -u "$gold" "$gold.new" | head -60
        mv "$gold.new" "$gold"
    fi
done
