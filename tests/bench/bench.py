#!/usr/bin/env python3
"""bench.py — `make bench`: how fast gongwen build is, against issue 6's targets.

    python3 tests/bench/bench.py --gongwen build/gongwen --bench build/gw-bench
        [--sizes 1,100,1000,10000] [--keep DIR]

Generates synthetic corpora (tests/bench/gen.py) of 1, 100, 1,000 and 10,000
drafts (plans, notices, reports, ~4 KiB each) and reply lists of as many
letters in a temporary folder, times `gongwen build` on them (wall clock,
CPU and peak RSS of the process, measured by `gw-bench run`), the no-change
re-run, an edit of one draft among 1,000, -j1 against -j2, a whole
`gongwen render` process on a 16 KiB plan, parsing speed over the largest
corpus (`gw-bench load`: read, decode, extract) and in memory (gw-bench),
and pandoc on the same plan when it is installed.  Prints one table of figures with the
targets beside them.  Exit status 0 (it reports; it does not judge).
"""
import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen.py")


RUNNER = None  # gw-bench, which measures a child from a small process


def run(cmd, env=None):
    """Runs cmd; returns (wall s, user+sys s, peak RSS KiB, exit, stderr).

    The child is started by `gw-bench run`: a process forked by Python
    inherits the interpreter's resident set as its high-water mark (vfork:
    the kernel keeps the larger of the two across exec), so wait4's
    ru_maxrss would never read below Python's own 15-25 MiB."""
    full = [RUNNER, "run"] + list(cmd) if RUNNER else list(cmd)
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # read stderr before waiting (a full pipe would block the child)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    if RUNNER:
        m = re.search(r"gw-bench-run: wall (\S+) cpu (\S+) maxrss_kib (\d+) status (\d+)\s*$", err)
        if m:
            wall, cpu, rss, rc = float(m.group(1)), float(m.group(2)), int(m.group(3)), int(m.group(4))
            err = err[:m.start()]
    return wall, cpu, rss, rc, err


def gen(*args):
    subprocess.run([sys.executable, GEN] + [str(a) for a in args], check=True)


def tree_bytes(d, exts=(".txt", ".md")):
    n = 0
    for root, _, files in os.walk(d):
        for f in files:
            if f.endswith(exts):
                n += os.path.getsize(os.path.join(root, f))
    return n


def summary_counts(err):
    m = re.search(r"gongwen build: (\d+) built, (\d+) up to date, (\d+) failed", err)
    return tuple(int(x) for x in m.groups()) if m else None


def fmt_n(n):
    return "{:,}".format(n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gongwen", default="build/gongwen")
    ap.add_argument("--bench", default="build/gw-bench")
    ap.add_argument("--floor", default="build/gw-floor",
                    help="empty program linked against libxml2, libzip, PCRE2 and cmark (tests/bench/floor.c)")
    ap.add_argument("--sizes", default="1,100,1000,10000")
    ap.add_argument("--keep", help="work in this folder and keep it")
    args = ap.parse_args()
    g = os.path.abspath(args.gongwen)
    gb = os.path.abspath(args.bench)
    global RUNNER
    RUNNER = gb
    sizes = [int(x) for x in args.sizes.split(",")]
    cores = os.cpu_count() or 1
    work = args.keep or tempfile.mkdtemp(prefix="gongwen-bench.")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
    ver = subprocess.run([g, "--version"], capture_output=True, text=True).stdout.strip()
    print("gongwen bench — %s, %d cores, work folder %s" % (ver, cores, work))
    print()
    rows = {}
    try:
        # ---- drafts ----
        for n in sizes:
            src = os.path.join(work, "drafts-%d" % n)
            out = os.path.join(work, "out-drafts-%d" % n)
            gen("drafts", src, n, "--kb", 4, "--per-folder", 100)
            nbytes = tree_bytes(src)
            time.sleep(0.1)  # past the racy-stat window
            wall, cpu, rss, rc, err = run([g, "build", src, "-o", out], env)
            c = summary_counts(err)
            rows.setdefault("drafts", {})[n] = dict(wall=wall, cpu=cpu, rss=rss, rc=rc, bytes=nbytes,
                                                     counts=c)
            w2, _, _, rc2, err2 = run([g, "build", src, "-o", out], env)
            rows.setdefault("rerun", {})[n] = dict(wall=w2, counts=summary_counts(err2))
            print("drafts %6d: build %.3f s (%s), re-run %.4f s" % (n, wall, c, w2), flush=True)
        # ---- letters ----
        for n in sizes:
            src = os.path.join(work, "letters-%d" % n)
            out = os.path.join(work, "out-letters-%d" % n)
            gen("letters", src, n)
            wall, cpu, rss, rc, err = run([g, "build", src, "-o", out], env)
            nout = sum(len([f for f in fs if f.endswith(".docx")]) for _, _, fs in os.walk(out))
            rows.setdefault("letters", {})[n] = dict(wall=wall, cpu=cpu, rss=rss, rc=rc, made=nout - 1)
            print("letters %5d: %.3f s, %d letters, peak RSS %.1f MiB, exit %d" %
                  (n, wall, nout - 1, rss / 1024, rc), flush=True)
        # the same largest list through `gongwen replies` alone (no build)
        nl = max(sizes)
        src = os.path.join(work, "letters-%d" % nl)
        _, _, rss_replies, _, _ = run([g, "replies", os.path.join(src, "答复清单.csv"), "-o",
                                       os.path.join(work, "out-replies"), "-q"], env)
        nmid = 1000 if 1000 in sizes else sizes[-1]
        src = os.path.join(work, "drafts-%d" % nmid)
        out = os.path.join(work, "out-drafts-%d" % nmid)
        # ---- edit one plan among nmid: its document and the task summary ----
        victim = None
        for root, _, files in sorted(os.walk(src)):
            for f in sorted(files):
                if f.startswith("方案") and f.endswith(".txt"):
                    victim = os.path.join(root, f)
                    break
            if victim:
                break
        with open(victim, "a", encoding="utf-8") as f:
            f.write("\n本方案自印发之日起施行。\n")
        we, _, _, _, erre = run([g, "build", src, "-o", out], env)
        edit = dict(wall=we, counts=summary_counts(erre))
        print("edit one of %d: %.3f s %s" % (nmid, we, edit["counts"]), flush=True)
        # ---- -j1 against -j2 ----
        jt = {}
        for j in (1, 2, 1, 2, 1, 2):
            w, cpu, _, _, _ = run([g, "build", src, "-o", os.path.join(work, "out-j%d" % j), "--force",
                                   "-j%d" % j], env)
            jt.setdefault(j, []).append(w)
        j1, j2 = min(jt[1]), min(jt[2])
        print("-j1 %.3f s, -j2 %.3f s" % (j1, j2), flush=True)
        # ---- in-process: parse, render, letters ----
        files = []
        for root, _, fs in sorted(os.walk(src)):
            files += [os.path.join(root, f) for f in sorted(fs) if f.endswith((".txt", ".md"))]
        files = files[:1000]

        def kv(mode, *a):
            r = subprocess.run([gb, mode] + list(a), capture_output=True, text=True)
            return dict(l.split(" ", 1) for l in r.stdout.splitlines() if " " in l)

        parse = kv("parse", *files)
        render = kv("render", *files)
        # parsing as issue 6 means it: the largest corpus, read from disk,
        # decoded and extracted into models (one thread, then all cores)
        big = os.path.join(work, "drafts-%d" % max(sizes))
        load1 = kv("load", big)
        loadn = kv("load", "-j", str(cores), big)
        lmid = os.path.join(work, "letters-%d" % nmid, "答复清单.csv")
        letters_mem = kv("letters", lmid)
        # ---- a whole render process on a 16 KiB plan ----
        plan = os.path.join(work, "plan16.md")
        gen("plan", plan, "--kb", 16)
        pdoc = os.path.join(work, "plan16.docx")
        times, starts, empties, floors = [], [], [], []
        floor = os.path.abspath(args.floor) if os.path.exists(args.floor) else None
        for _ in range(40):
            times.append(run([g, "render", plan, "-o", pdoc], env)[0])
            starts.append(run([g, "--version"], env)[0])
            empties.append(run(["/bin/true"], env)[0])
            if floor:
                floors.append(run([floor], env)[0])
        render_proc = statistics.median(times)
        startup = statistics.median(starts)
        empty = statistics.median(empties)
        floor_t = statistics.median(floors) if floors else None
        pandoc = shutil.which("pandoc")
        pandoc_t = None
        if pandoc:
            pt = [run([pandoc, plan, "-o", os.path.join(work, "pandoc.docx")])[0] for _ in range(10)]
            pandoc_t = statistics.median(pt)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    # ---- the report ----
    print()
    print("Scaling (gongwen build, -j%d, ~4 KiB drafts of mixed kinds; one reply list per corpus)" % cores)
    hdr = "%-34s" % "" + "".join("%12s" % fmt_n(n) for n in sizes)
    print(hdr)

    def line(label, f):
        print("%-34s" % label + "".join("%12s" % f(n) for n in sizes))

    d = rows["drafts"]
    line("drafts: documents/s", lambda n: "%.0f" % (n / d[n]["wall"]))
    line("drafts: ms per document (wall)", lambda n: "%.3f" % (d[n]["wall"] * 1e3 / n))
    line("drafts: CPU ms per document", lambda n: "%.3f" % (d[n]["cpu"] * 1e3 / n))
    line("drafts: MB/s of draft (end to end)", lambda n: "%.1f" % (d[n]["bytes"] / 1e6 / d[n]["wall"]))
    line("drafts: peak RSS MiB", lambda n: "%.1f" % (d[n]["rss"] / 1024))
    line("no-change re-run, s", lambda n: "%.4f" % rows["rerun"][n]["wall"])
    lt = rows["letters"]
    line("letters: ms per letter (wall)", lambda n: "%.3f" % (lt[n]["wall"] * 1e3 / n))
    line("letters: CPU ms per letter", lambda n: "%.3f" % (lt[n]["cpu"] * 1e3 / n))
    line("letters: peak RSS MiB", lambda n: "%.1f" % (lt[n]["rss"] / 1024))
    big = [n for n in sizes if n >= 100]
    growth = ""
    if len(big) >= 2:
        a, b = big[0], big[-1]
        k = math.log(d[b]["wall"] / d[a]["wall"]) / math.log(b / a)
        kl = math.log(lt[b]["wall"] / lt[a]["wall"]) / math.log(b / a)
        growth = "time ∝ N^%.2f for drafts, N^%.2f for letters (%s → %s)" % (k, kl, fmt_n(a), fmt_n(b))
        print("growth: " + growth)
    print()

    nl = max(sizes)
    res = []

    def fig(name, value, target, good, note=""):
        res.append((name, value, target, "ok" if good else "MISSED", note))

    lw = lt[nl]["wall"] * 1e3 / nl
    fig("reply letter in a batch (%s)" % fmt_n(nl), "%.3f ms" % lw, "≤ 0.5 ms", lw <= 0.5,
        "in memory on one thread %.3f ms (model %.3f + render %.3f); the batch runs on every core and writes the letters in atomic batches of 256 (one syncfs each)" %
        (float(letters_mem.get("total_ms_per_letter", "nan")), float(letters_mem.get("model_ms_per_letter", "nan")),
         float(letters_mem.get("render_ms_per_letter", "nan"))))
    fig("whole `gongwen render`, 16 KiB plan", "%.2f ms" % (render_proc * 1e3), "≤ 3 ms",
        render_proc <= 0.003, "of which process start (gongwen --version) %.2f ms, an empty C program %.2f ms "
        "(see tests/bench/NOTES.md)" % (startup * 1e3, empty * 1e3))
    if floor_t is not None:
        fig("  floor: empty program + the 4 named libraries", "%.2f ms" % (floor_t * 1e3), "—", True,
            "main() { return 0; } linked against the distribution's libxml2, libzip, PCRE2, cmark: "
            "%s" % ("already above the 3 ms target" if floor_t > 0.003 else
                    "%.2f ms left under 3 ms for gongwen's own work" % ((0.003 - floor_t) * 1e3)))
    rss = lt[nl]["rss"] / 1024
    fig("peak RSS, %s-letter batch" % fmt_n(nl), "%.1f MiB" % rss, "≤ 32 MiB", rss <= 32,
        "`gongwen replies` alone on the same list: %.1f MiB" % (rss_replies / 1024))
    mbs = float(load1.get("load_mb_s", "nan"))
    tree = float(load1.get("tree_mb_s", "nan"))
    fig("parsing (read + decode + extract)", "%.1f MB/s" % mbs, "≥ 100 MB/s", mbs >= 100,
        "%s drafts, %.1f MB, one thread; %d threads %.1f MB/s; in memory (no reading) %.1f MB/s, "
        "decode+split alone %.0f MB/s" %
        (fmt_n(int(load1.get("files", 0))), int(load1.get("bytes", 0)) / 1e6 / max(int(load1.get("passes", 1)), 1),
         cores, float(loadn.get("load_mb_s", "nan")), float(parse.get("parse_mb_s", "nan")),
         int(parse.get("bytes", 0)) / 1e6 / max(float(parse.get("source_s", 1)), 1e-9)))
    fig("  floor: the models' libxml2 trees alone", "%.1f MB/s" % tree, "—", True,
        "the same trees made and freed with nothing to extract (xmlCopyDoc + xmlFreeDoc), one thread; %s" %
        ("alone below the 100 MB/s target" if not tree > 100 else
         "to reach 100 MB/s, reading + decoding + extracting would have to run at %.0f MB/s" %
         (1 / (1 / 100 - 1 / tree))))
    rr = rows["rerun"][nmid]["wall"]
    fig("no-change re-run, %s drafts" % fmt_n(nmid), "%.3f s" % rr, "≤ 0.2 s", rr <= 0.2,
        "%s" % (rows["rerun"][nmid]["counts"],))
    ratio = j1 / j2
    fig("-j2 vs -j1 (%s drafts, --force)" % fmt_n(nmid), "%.2f×" % ratio, "≥ 1.7×", ratio >= 1.7,
        "-j1 %.2f s, -j2 %.2f s" % (j1, j2))
    ec = edit["counts"]
    fig("edit 1 plan of %s drafts" % fmt_n(nmid), "%s rebuilt in %.3f s" % (ec[0] if ec else "?", edit["wall"]),
        "its document + summary", bool(ec and ec[0] == 2 and ec[2] == 0),
        "the plan's .docx, then 任务汇总.docx + 督办台账.xlsx from every plan")
    dm = d[nmid]
    fig("documents/s, %s drafts" % fmt_n(nmid), "%.0f /s" % (nmid / dm["wall"]), "—", True,
        "%.3f ms each; in memory parse %.3f + render %.3f ms" %
        (dm["wall"] * 1e3 / nmid, float(render.get("parse_ms_per_doc", "nan")),
         float(render.get("render_ms_per_doc", "nan"))))
    if pandoc_t is not None:
        fig("pandoc, same 16 KiB plan (one process)", "%.1f ms" % (pandoc_t * 1e3), "—", True,
            "gongwen render is %.1f× faster" % (pandoc_t / render_proc))
    else:
        res.append(("pandoc, same 16 KiB plan", "not installed", "—", "skip", "(target figure: 85.7 ms per plan)"))
    w = max(len(r[0]) for r in res)
    print("%-*s  %-22s %-18s %-7s %s" % (w, "figure", "measured", "target", "", "notes"))
    for r in res:
        print("%-*s  %-22s %-18s %-7s %s" % (w, r[0], r[1], r[2], r[3], r[4]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
