#!/bin/sh
# build_test.sh — gongwen build: incremental, parallel, forgiving,
# interrupt-safe (issue 6).
#
#   GONGWEN=build/gongwen sh tests/build_test.sh
#
# Works in a temporary folder on a synthetic corpus (tests/bench/gen.py):
# 60 drafts in three folders plus a 12-row reply list, and for the kill
# test 300 larger drafts; the cross-draft summary (任务汇总.docx and
# 督办台账.xlsx from every draft with tasks) on a small one of its own.  Prints "ok - …" / "not ok - …" per check and
# "N passed, N failed" last; exits non-zero when anything failed.
set -u

GONGWEN=${GONGWEN:-build/gongwen}
case $GONGWEN in /*) ;; *) GONGWEN=$(pwd)/$GONGWEN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
GEN="$HERE/bench/gen.py"
if [ ! -x "$GONGWEN" ]; then
    echo "not ok - no gongwen binary at $GONGWEN"
    echo "0 passed, 1 failed"
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/gw-build-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $1"; }
# expect NAME COMMAND…: passes when the command exits 0
expect() {
    name=$1
    shift
    if "$@" >"$T/check.out" 2>&1; then ok "$name"; else
        notok "$name"; sed 's/^/#   /' "$T/check.out" | head -20
        [ -f "$T/log" ] && tail -n 8 "$T/log" | sed 's/^/#   log: /'
    fi
}
build() { # build ARGS…: runs gongwen build, output in $T/log, status in $RC
    "$GONGWEN" build "$@" >"$T/log" 2>&1
    RC=$?
}
summary() { grep '^gongwen build:' "$T/log" | tail -n 1; }
# a listing of every file under a folder with its size and mtime (ns)
snap() { python3 - "$1" <<'EOF'
import os, sys
root = sys.argv[1]
for d, dirs, files in sorted(os.walk(root)):
    dirs.sort()
    for f in sorted(files):
        p = os.path.join(d, f)
        st = os.stat(p)
        print(os.path.relpath(p, root), st.st_size, st.st_mtime_ns, st.st_ino)
EOF
}
changed() { # changed A B: names of the files whose line differs (byte order)
    diff "$1" "$2" | sed -n 's/^[<>] \([^ ]*\) .*/\1/p' | LC_ALL=C sort -u
}
names() { printf '%s\n' "$@" | LC_ALL=C sort; } # names A B…: sorted like changed
# every .docx under a folder is a complete zip with word/document.xml
zipcheck() { python3 - "$1" <<'EOF'
import os, sys, zipfile
bad = 0
n = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith(".docx"):
            continue
        n += 1
        p = os.path.join(d, f)
        try:
            with zipfile.ZipFile(p) as z:
                if z.testzip() is not None or "word/document.xml" not in z.namelist():
                    raise ValueError("damaged")
        except Exception as e:
            bad += 1
            print("bad:", p, e)
print(n, "documents,", bad, "damaged")
sys.exit(1 if bad or n == 0 else 0)
EOF
}

IN="$T/in"
OUT="$T/out"
python3 "$GEN" drafts "$IN" 60 --per-folder 20 --kb 3 || { notok "corpus generator"; echo "$PASS passed, $FAIL failed"; exit 1; }
python3 "$GEN" letters "$IN/答复" 12
# let the files age past the racy-stat window, so the stat fast path applies
sleep 0.2

# ---- 1. first build ----
build "$IN" -o "$OUT" -j2
ndocx=$(find "$OUT" -name '*.docx' | wc -l)
if [ "$RC" -eq 0 ] && [ "$ndocx" -eq 74 ] && [ -f "$OUT/.gongwen-manifest" ]; then
    ok "first build: 60 drafts + 12 letters + 汇总 + 任务汇总, exit 0, manifest written"
else
    notok "first build (exit $RC, $ndocx documents)"; tail -5 "$T/log" | sed 's/^/#   /'
fi
expect "summary line counts 62 built (60 drafts, 1 list, 1 task summary)" grep -q '^gongwen build: 62 built, 0 up to date, 0 failed$' "$T/log"
expect "the task summary and the ledger are at the top of OUTPUTS" test -f "$OUT/任务汇总.docx" -a -f "$OUT/督办台账.xlsx"
expect "the letter bodies are not built as drafts" test ! -e "$OUT/答复/正文"
expect "outputs mirror the folders" test -f "$OUT/批次001/方案00021.docx"
expect "every document is a valid zip" zipcheck "$OUT"
expect "the manifest is text starting with its header" sh -c "head -n 1 '$OUT/.gongwen-manifest' | grep -q '^gongwen-manifest	1$'"
expect "no temporary files are left" sh -c "! find '$OUT' -name '*.tmp*' | grep -q ."

# ---- 2. nothing changed ----
snap "$OUT" >"$T/s1"
build "$IN" -o "$OUT"
snap "$OUT" >"$T/s2"
expect "second run: 0 built, 62 up to date, exit 0" sh -c "[ $RC -eq 0 ] && grep -q '^gongwen build: 0 built, 62 up to date, 0 failed$' '$T/log'"
expect "second run touches no file (manifest and summary included)" cmp "$T/s1" "$T/s2"

# ---- 3. edit one draft ----
printf '\n附：本方案自印发之日起施行。\n' >>"$IN/批次001/方案00025.txt"
build "$IN" -o "$OUT"
snap "$OUT" >"$T/s3"
changed "$T/s2" "$T/s3" >"$T/ch"
expect "editing one plan rebuilds its document and the task summary" grep -q '^gongwen build: 2 built, 60 up to date, 0 failed$' "$T/log"
names .gongwen-manifest 批次001/方案00025.docx 任务汇总.docx 督办台账.xlsx >"$T/want"
expect "only those, the ledger and the manifest changed" cmp "$T/want" "$T/ch"
grep -v '00025\|manifest\|任务汇总\|督办台账' "$T/s2" >"$T/a"
grep -v '00025\|manifest\|任务汇总\|督办台账' "$T/s3" >"$T/b"
expect "the other 72 documents keep their inode and mtime" cmp "$T/a" "$T/b"

# ---- 4. touched, not changed ----
touch "$IN/批次000/方案00001.txt"
sleep 0.1
build "$IN" -o "$OUT"
snap "$OUT" >"$T/s4"
expect "a touched but unchanged draft is hashed, not rebuilt" grep -q '^gongwen build: 0 built, 62 up to date, 0 failed$' "$T/log"
grep -v manifest "$T/s3" >"$T/a"
grep -v manifest "$T/s4" >"$T/b"
expect "…and its document is left alone" cmp "$T/a" "$T/b"

# ---- 5. a draft removed ----
echo "user notes" >"$OUT/批次002/我的备注.docx.txt"
echo "user file" >"$OUT/批次002/手工排版.docx"
rm "$IN/批次002/报告00043.txt"
build "$IN" -o "$OUT"
snap "$OUT" | grep '^任务汇总.docx ' >"$T/sum5"
expect "a removed draft's document is removed" sh -c "[ ! -e '$OUT/批次002/报告00043.docx' ] && grep -q ', 1 removed' '$T/log'"
expect "files gongwen did not make stay" test -f "$OUT/批次002/我的备注.docx.txt" -a -f "$OUT/批次002/手工排版.docx"
expect "the record is gone from the manifest" sh -c "! grep -q '报告00043' '$OUT/.gongwen-manifest'"
expect "…and a report (no tasks) gone leaves the task summary alone" sh -c "grep '^任务汇总.docx ' '$T/s4' | cmp - '$T/sum5'"

# ---- 6. --dry-run ----
printf '\n（此件公开发布）\n' >>"$IN/批次000/通知00002.txt"
snap "$OUT" >"$T/s5"
build "$IN" -o "$OUT" --dry-run --force
snap "$OUT" >"$T/s6"
expect "--dry-run writes nothing" cmp "$T/s5" "$T/s6"
expect "--dry-run --force says all 61 would be built (59 drafts, list, summary)" grep -q ' 61 would be built' "$T/log"
build "$IN" -o "$OUT" --dry-run
expect "--dry-run names the changed draft's document and the summary" sh -c "grep -q 'would build .*通知00002.docx' '$T/log' && grep -q 'would build .*/任务汇总.docx' '$T/log' && grep -q ' 2 would be built' '$T/log'"
expect "--dry-run into a missing folder creates nothing" sh -c "'$GONGWEN' build '$IN' -o '$T/nowhere' --dry-run >/dev/null 2>&1 && [ ! -e '$T/nowhere' ]"

# ---- 7. --force ----
build "$IN" -o "$OUT" --force
expect "--force rebuilds everything" grep -q '^gongwen build: 61 built, 0 up to date, 0 failed$' "$T/log"

# ---- 8. one broken draft among good ones ----
cp "$OUT/批次000/方案00000.docx" "$T/old00000.docx"
cp "$OUT/任务汇总.docx" "$T/oldsum.docx"
printf '标题\n正文有坏字节\200\200\377\n' >"$IN/批次000/方案00000.txt"   # new, undecodable
printf '关于某事的通知\n\n坏字节在此\200\377\n' >"$IN/批次000/方案00000.md"  # was fine before
printf '\n补充一句。\n' >>"$IN/批次001/方案00021.txt"
build "$IN" -o "$OUT"
expect "a failing draft makes the run exit 1" test "$RC" -eq 1
expect "…the others are still built (the summary, which holds it, is not)" grep -q '^gongwen build: 1 built, 58 up to date, 3 failed$' "$T/log"
expect "…the summary says why and keeps its previous version" sh -c "grep -q '任务汇总.docx: error: 未更新：.*方案00000.md 未能生成' '$T/log' && cmp '$OUT/任务汇总.docx' '$T/oldsum.docx'"
expect "…the reason names file:line:col" grep -q '方案00000.md:3:[0-9]*: error:' "$T/log"
expect "…the broken draft keeps its previous document" cmp "$OUT/批次000/方案00000.docx" "$T/old00000.docx"
expect "…two drafts making one document is an error" grep -q '方案00000.txt: error: 未生成：.*方案00000.md 已经生成了' "$T/log"
rm "$IN/批次000/方案00000.txt"
python3 "$GEN" drafts "$T/fix" 1 --per-folder 0 --kb 3 --seed 7
cp "$T/fix/方案00000.md" "$IN/批次000/方案00000.md"
build "$IN" -o "$OUT"
expect "after the fix the next run builds it and the summary, exit 0" sh -c "[ $RC -eq 0 ] && grep -q '^gongwen build: 2 built, 59 up to date, 0 failed$' '$T/log'"

# ---- 9. folder settings ----
printf '# 本文件夹的公文一律按答复函排版\nkind = reply\n' >"$IN/批次002/gongwen.conf"
build "$IN" -o "$OUT"
n2=$(ls "$IN/批次002" | grep -c '\.txt$\|\.md$')
expect "gongwen.conf kind = reply rebuilds that folder only ($n2 drafts, and the summary)" grep -q "^gongwen build: $((n2 + 1)) built" "$T/log"
expect "…and the manifest records kind reply" sh -c "grep '^out	批次002/' '$OUT/.gongwen-manifest' | cut -f3 | sort -u | grep -qx reply"
printf 'kind = memo\n' >"$IN/批次001/gongwen.conf"
build "$IN" -o "$OUT"
expect "a bad setting is an error at gongwen.conf:line" sh -c "[ $RC -eq 1 ] && grep -q '批次001/gongwen.conf:1: error: 不认识的文种' '$T/log'"
rm "$IN/批次001/gongwen.conf" "$IN/批次002/gongwen.conf"
build "$IN" -o "$OUT"

# ---- 10. reply list ----
printf '\n（补充答复意见。）\n' >>"$IN/答复/正文/00005.txt"
snap "$OUT" | grep '^任务汇总.docx \|^督办台账.xlsx ' >"$T/sum10"
build "$IN" -o "$OUT"
expect "editing one letter body rebuilds its list only" grep -q '^gongwen build: 1 built, 60 up to date, 0 failed$' "$T/log"
snap "$OUT" | grep '^任务汇总.docx \|^督办台账.xlsx ' >"$T/sum10b"
expect "…not the task summary or the ledger" cmp "$T/sum10" "$T/sum10b"
python3 - "$IN/答复/答复清单.csv" <<'EOF'
import sys
p = sys.argv[1]
rows = open(p, encoding="utf-8-sig", newline="").read().split("\r\n")
open(p, "w", encoding="utf-8-sig", newline="").write("\r\n".join(r for r in rows if not r.startswith("00012,")))
EOF
build "$IN" -o "$OUT"
expect "a row removed from the list removes its letter" sh -c "[ $RC -eq 0 ] && ! ls '$OUT/答复/答复清单' | grep -q 00012 && ls '$OUT/答复/答复清单' | grep -q 00011"
expect "…and its body, still in the bodies folder, is not built as a draft" test ! -e "$OUT/答复/正文"

# ---- 11. stray temporaries, lock, outputs inside inputs ----
echo partial >"$OUT/批次000/方案00004.docx.tmpAb12Cd"
echo partial >"$OUT/.gongwen-manifest.tmpZZ99zz"
echo mine >"$OUT/批次000/notes.tmp123456"
build "$IN" -o "$OUT"
expect "stray temporaries of an interrupted run are removed" sh -c "[ ! -e '$OUT/批次000/方案00004.docx.tmpAb12Cd' ] && [ ! -e '$OUT/.gongwen-manifest.tmpZZ99zz' ]"
expect "…other files are not" test -f "$OUT/批次000/notes.tmp123456"
python3 - "$OUT" "$GONGWEN" "$IN" <<'EOF' >"$T/lock.out" 2>&1
import fcntl, os, subprocess, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
r = subprocess.run([sys.argv[2], "build", sys.argv[3], "-o", sys.argv[1]], capture_output=True, text=True)
print(r.returncode, r.stderr)
sys.exit(0 if r.returncode == 1 and "另一个 gongwen build" in r.stderr else 1)
EOF
expect "a second build into the same folder is refused" test $? -eq 0
build "$IN" -o "$IN/out"
expect "OUTPUTS inside INPUTS: not walked into" sh -c "[ $RC -eq 0 ] && '$GONGWEN' build '$IN' -o '$IN/out' 2>&1 | grep -q '0 built, 61 up to date'"
rm -rf "$IN/out"
expect "a single draft as INPUTS (no task summary)" sh -c "'$GONGWEN' build '$IN/批次000/方案00001.txt' -o '$T/one' >/dev/null 2>&1 && [ -f '$T/one/方案00001.docx' ] && [ ! -e '$T/one/任务汇总.docx' ]"

# ---- 12. -j1 and -j2 give the same bytes ----
"$GONGWEN" build "$IN" -o "$T/j1" -j1 >/dev/null 2>&1
"$GONGWEN" build "$IN" -o "$T/j2" -j2 >/dev/null 2>&1
expect "-j1 and -j2 outputs are byte-identical" diff -r -x .gongwen-manifest "$T/j1" "$T/j2"

# ---- 13. progress output ----
build "$IN" -o "$T/j3" -j2
expect "progress lines when not a terminal: [i/N] built PATH, the summary last" sh -c "grep -q '^\[60/61\] built ' '$T/log' && grep -q '^\[61/61\] built .*/任务汇总.docx$' '$T/log'"

# ---- 14. interrupts ----
K="$T/kin"
python3 "$GEN" drafts "$K" 300 --per-folder 100 --kb 12
sleep 0.1
python3 - "$GONGWEN" "$K" "$T/kout" <<'EOF' >"$T/kill.out" 2>&1
# start a build, kill -9 it once some documents are written and recorded
# (documents are put in place a batch at a time, then journaled)
import os, signal, subprocess, sys, time
g, src, out = sys.argv[1:]
p = subprocess.Popen([g, "build", src, "-o", out, "-j2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t0 = time.time()
journal = os.path.join(out, ".gongwen-journal")
while time.time() - t0 < 20:
    n = sum(len([f for f in fs if f.endswith(".docx")]) for _, _, fs in os.walk(out)) if os.path.isdir(out) else 0
    recorded = os.path.exists(journal) and os.path.getsize(journal) > 0
    if (n >= 40 and recorded) or p.poll() is not None:
        break
    time.sleep(0.002)
p.send_signal(signal.SIGKILL)
rc = p.wait()
print("killed after", n, "documents; exit", rc)
sys.exit(0 if rc == -signal.SIGKILL and n < 300 else 1)
EOF
krc=$?
sed 's/^/#   /' "$T/kill.out"
expect "kill -9 lands in the middle of a 300-draft build" test "$krc" -eq 0
expect "after kill -9 every .docx is complete" zipcheck "$T/kout"
expect "…and the journal holds the finished ones" test -s "$T/kout/.gongwen-journal"
build "$K" -o "$T/kout"
nk=$(find "$T/kout" -name '*.docx' | wc -l)
expect "the next run finishes the job (300 documents + summary, exit 0)" sh -c "[ $RC -eq 0 ] && [ $nk -eq 301 ] && ! find '$T/kout' -name '*.tmp*' | grep -q ."
expect "…building only what the killed run had not finished" sh -c "grep -q '^gongwen build: [0-9]* built, [1-9][0-9]* up to date, 0 failed$' '$T/log'"
expect "…and folds the journal into the manifest" sh -c "[ ! -e '$T/kout/.gongwen-journal' ] && [ \$(grep -c '^out' '$T/kout/.gongwen-manifest') -eq 301 ]"
expect "…all valid" zipcheck "$T/kout"
build "$K" -o "$T/kout"
expect "…and the run after that builds nothing" grep -q '^gongwen build: 0 built, 301 up to date, 0 failed$' "$T/log"
"$GONGWEN" build "$K" -o "$T/kref" -j2 >/dev/null 2>&1
expect "…with the same bytes as an uninterrupted build" diff -r -x .gongwen-manifest "$T/kout" "$T/kref"

python3 - "$GONGWEN" "$K" "$T/iout" <<'EOF' >"$T/int.out" 2>&1
# Ctrl-C (SIGINT) in the middle: clean stop, manifest saved, exit 1
import os, signal, subprocess, sys, time
g, src, out = sys.argv[1:]
p = subprocess.Popen([g, "build", src, "-o", out, "-j2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
t0 = time.time()
n = 0
while time.time() - t0 < 20:
    n = sum(len([f for f in fs if f.endswith(".docx")]) for _, _, fs in os.walk(out)) if os.path.isdir(out) else 0
    if n >= 40 or p.poll() is not None:
        break
    time.sleep(0.002)
p.send_signal(signal.SIGINT)
err = p.communicate()[1]
print(err[-600:])
recs = sum(1 for l in open(os.path.join(out, ".gongwen-manifest")) if l.startswith("out\t"))
print("exit", p.returncode, "records", recs)
sys.exit(0 if p.returncode == 1 and "interrupted" in err and 0 < recs < 300 else 1)
EOF
expect "Ctrl-C stops cleanly: exit 1, says interrupted, manifest has the finished ones" test $? -eq 0
build "$K" -o "$T/iout"
expect "…and the next run builds only the rest" sh -c "[ $RC -eq 0 ] && grep -q 'up to date, 0 failed' '$T/log' && ! grep -q '^gongwen build: 300 built' '$T/log'"

# ---- 15. killed between the drafts and the summary ----
# every plan and notice edited; kill -9 once the journal holds them all but
# before the summary is written: the next run must remake the summary
# (the journal marked it incomplete), though no draft is left to build
python3 - "$K" <<'EOF'
import os, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.startswith(("方案", "通知")):
            with open(os.path.join(d, f), "a", encoding="utf-8") as fh:
                fh.write("\n（此件公开发布。）\n")
EOF
sleep 0.1
python3 - "$GONGWEN" "$K" "$T/kout" <<'EOF' >"$T/kill2.out" 2>&1
import os, signal, subprocess, sys, time
g, src, out = sys.argv[1:]
want = 1 + sum(1 for _, _, fs in os.walk(src) for f in fs if f.startswith(("方案", "通知")))
ino = os.stat(os.path.join(out, "任务汇总.docx")).st_ino
jp = os.path.join(out, ".gongwen-journal")
p = subprocess.Popen([g, "build", src, "-o", out, "-j2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t0 = time.time()
n = 0
while time.time() - t0 < 30 and p.poll() is None:
    try:
        n = sum(1 for l in open(jp, "rb") if l.startswith(b"end\t"))
    except OSError:
        n = 0
    if n >= want:
        break
    time.sleep(0.001)
p.send_signal(signal.SIGKILL)
p.wait()
same = os.stat(os.path.join(out, "任务汇总.docx")).st_ino == ino
print("journal entries", n, "of", want, "; summary untouched:", same)
sys.exit(0 if n >= want and same else 1)
EOF
krc=$?
sed 's/^/#   /' "$T/kill2.out"
expect "kill -9 lands after the drafts, before the summary" test "$krc" -eq 0
build "$K" -o "$T/kout"
expect "…the next run builds the summary alone" grep -q '^gongwen build: 1 built, 300 up to date, 0 failed$' "$T/log"
"$GONGWEN" build "$K" -o "$T/kref2" -j2 >/dev/null 2>&1
expect "…the same summary and ledger as an uninterrupted build" sh -c "cmp '$T/kout/任务汇总.docx' '$T/kref2/任务汇总.docx' && cmp '$T/kout/督办台账.xlsx' '$T/kref2/督办台账.xlsx'"

# ---- 16. the task summary ----
S="$T/sin"
SO="$T/sout"
python3 "$GEN" drafts "$S" 16 --per-folder 8 --kb 2 --seed 3
python3 "$GEN" letters "$S/答复" 4 --seed 3
sleep 0.2
# the drafts with tasks (by `gongwen tasks`), in byte order, and their tasks
: >"$T/contrib"
total=0
for f in $(cd "$S" && find . -name '*.txt' -o -name '*.md' | sed 's|^\./||' | grep -v '^答复/' | LC_ALL=C sort); do
    rows=$("$GONGWEN" tasks "$S/$f" 2>/dev/null | wc -l)
    rows=$((rows - 1))
    if [ "$rows" -gt 0 ]; then echo "$f" >>"$T/contrib"; total=$((total + rows)); fi
done
# the drafts a summary record holds
held() { awk -F '\t' -v n="${2:-任务汇总.docx}" '/^out\t/ { r = ($2 == n) } r && /^dep\t\.\./ { sub(/^\.\.\/sin\//, "", $2); print $2 }' "$1/.gongwen-manifest"; }
# the task count the summary states and the rows of the ledger's first sheet
counts() { python3 - "$1" "$2" <<'EOF'
import re, sys, zipfile
doc = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
text = re.sub(r"<[^>]+>", "", doc)
m = re.search(r"共梳理工作任务(\d+)项", text)
sheet = zipfile.ZipFile(sys.argv[2]).read("xl/worksheets/sheet1.xml").decode()
print(m.group(1) if m else "?", len(re.findall(r"<row ", sheet)) - 1)
EOF
}
build "$S" -o "$SO"
expect "plans and notices, not reports, have tasks here" sh -c "grep -q 方案 '$T/contrib' && grep -q 通知 '$T/contrib' && ! grep -q 报告 '$T/contrib'"
held "$SO" >"$T/h"
expect "the summary holds exactly the drafts with tasks, in path order" sh -c "[ $RC -eq 0 ] && cmp '$T/h' '$T/contrib'"
got=$(counts "$SO/任务汇总.docx" "$SO/督办台账.xlsx")
expect "its task count is the sum of their \`gongwen tasks\` rows ($total), in the summary and the ledger (got $got)" test "$got" = "$total $total"
(cd "$S" && "$GONGWEN" summary $(cat "$T/contrib") -o "$T/cli.docx" --xlsx "$T/cli.xlsx" >/dev/null 2>&1)
expect "…byte for byte what \`gongwen summary\` makes of those drafts" sh -c "cmp '$SO/任务汇总.docx' '$T/cli.docx' && cmp '$SO/督办台账.xlsx' '$T/cli.xlsx'"
cp "$SO/任务汇总.docx" "$T/sum1.docx"
snap "$SO" >"$T/t1"
build "$S" -o "$SO"
snap "$SO" >"$T/t2"
expect "a second run leaves the summary up to date, untouched" sh -c "grep -q '^gongwen build: 0 built, [0-9]* up to date, 0 failed$' '$T/log' && cmp '$T/t1' '$T/t2'"
python3 - "$S/答复/答复清单.csv" <<'EOF'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8-sig", newline="").read()
open(p, "w", encoding="utf-8-sig", newline="").write(t.replace(",关于加强", ",关于进一步加强", 1))
EOF
build "$S" -o "$SO"
snap "$SO" >"$T/t3"
changed "$T/t2" "$T/t3" >"$T/ch"
expect "editing the reply list rebuilds it, not the summary" sh -c "grep -q '^gongwen build: 1 built, ' '$T/log' && grep -q '^答复/' '$T/ch' && ! grep -q '任务汇总\|督办台账' '$T/ch'"
printf 'summary = 任务清单汇总\n' >"$S/gongwen.conf"
build "$S" -o "$SO"
expect "summary = NAME in INPUTS/gongwen.conf: renamed, the old one removed, the ledger kept" sh -c "[ $RC -eq 0 ] && [ -f '$SO/任务清单汇总.docx' ] && [ ! -e '$SO/任务汇总.docx' ] && [ -f '$SO/督办台账.xlsx' ] && grep -q '^gongwen build: 1 built, .*, 1 removed$' '$T/log'"
build "$S" -o "$SO"
expect "…and up to date the next time" grep -q '^gongwen build: 0 built, [0-9]* up to date, 0 failed$' "$T/log"
printf 'summary = 任务清单汇总\nledger = off\n' >"$S/gongwen.conf"
build "$S" -o "$SO"
expect "ledger = off: the summary is remade without it, the ledger removed" sh -c "[ $RC -eq 0 ] && [ -f '$SO/任务清单汇总.docx' ] && [ ! -e '$SO/督办台账.xlsx' ] && grep -q '^gongwen build: 1 built, ' '$T/log'"
printf 'summary = off\n' >"$S/批次001/gongwen.conf"
build "$S" -o "$SO"
held "$SO" 任务清单汇总.docx >"$T/h"
expect "summary = off in a subfolder leaves its drafts out" sh -c "[ $RC -eq 0 ] && grep -q 批次000 '$T/h' && ! grep -q 批次001 '$T/h'"
printf 'summary = off\n' >"$S/gongwen.conf"
build "$S" -o "$SO"
expect "summary = off at the root: no summary, the last one removed" sh -c "[ $RC -eq 0 ] && ! ls '$SO' | grep -q 'docx$\|xlsx$' && grep -q 'removed .*任务清单汇总.docx' '$T/log'"
rm "$S/gongwen.conf" "$S/批次001/gongwen.conf"
build "$S" -o "$SO"
expect "back on: the same bytes as before" sh -c "[ $RC -eq 0 ] && cmp '$SO/任务汇总.docx' '$T/sum1.docx' && [ -f '$SO/督办台账.xlsx' ]"
build "$S" -o "$SO" --dry-run
expect "--dry-run: the summary is up to date" grep -q ' 0 would be built' "$T/log"
find "$S" -name '方案*' -exec rm {} +
find "$S" -name '通知*' -exec rm {} +
build "$S" -o "$SO" --dry-run
expect "--dry-run with every plan gone: would remove the summary" grep -q "would remove $SO/任务汇总.docx" "$T/log"
build "$S" -o "$SO"
expect "every plan gone: the summary and the ledger are removed" sh -c "[ $RC -eq 0 ] && [ ! -e '$SO/任务汇总.docx' ] && [ ! -e '$SO/督办台账.xlsx' ] && grep -q '^\[.*\] removed .*任务汇总.docx' '$T/log'"
build "$S" -o "$SO"
expect "…and stay away: nothing to build, nothing extracted" sh -c "grep -q '^gongwen build: 0 built, ' '$T/log' && [ ! -e '$SO/任务汇总.docx' ]"
python3 "$GEN" plan "$S/批次000/新方案.md" --kb 2 --seed 9
build "$S" -o "$SO"
held "$SO" >"$T/h"
expect "a plan added back: the summary returns, holding it alone" sh -c "[ $RC -eq 0 ] && grep -q '^gongwen build: 2 built, ' '$T/log' && echo 批次000/新方案.md | cmp - '$T/h'"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
