#!/usr/bin/env python3
"""gen.py — synthetic corpora for `make bench` and tests/build_test.sh.

    gen.py drafts DIR N [--kb K] [--seed S] [--per-folder M]
        N drafts under DIR: plans (.md and .txt), notices that issue a plan,
        and reports, about K KiB each (default 4), M per sub-folder
        (default 100; 0 = all in DIR).
    gen.py letters DIR N [--seed S]
        DIR/答复清单.csv, a reply list of N rows (UTF-8 with BOM, CRLF, as
        Excel saves it), and DIR/正文/NNNNN.txt, one body per row.
    gen.py plan FILE [--kb K] [--seed S]
        one plan of about K KiB (default 16).

The text is assembled from the vocabulary below (written for this
generator, not taken from real documents), deterministically from the seed.
"""
import argparse
import os
import random

CITY = ["江城市", "临川市", "青州市", "云岭市", "北塘市", "南湖市"]
DISTRICT = ["东湖区", "西岭区", "江北区", "高新区", "滨江区", "城南区", "河西区"]
TOPIC = ["智慧社区建设", "老旧小区改造", "河道综合治理", "营商环境优化", "农村人居环境整治",
         "中小学课后服务", "养老服务体系建设", "生活垃圾分类", "城市更新", "安全生产专项整治",
         "数字政府建设", "公共文化服务", "就业创业促进", "食品安全监管", "交通拥堵治理"]
UNIT = ["区发展和改革局", "区财政局", "区教育局", "区民政局", "区住房和城乡建设局", "区城市管理局",
        "区生态环境分局", "区卫生健康局", "区市场监督管理局", "区应急管理局", "区公安分局",
        "区交通运输局", "区水务局", "区商务局", "区文化和旅游局", "区人力资源和社会保障局",
        "区政务服务和数据管理局", "区司法局", "区农业农村局", "各街道办事处", "各镇人民政府"]
VERB = ["建立健全", "全面推进", "加快推进", "持续深化", "统筹推进", "着力提升", "积极探索",
        "严格落实", "进一步完善", "扎实开展", "有序推进", "大力推动"]
OBJ = ["工作机制", "基础设施建设", "信息共享平台", "监测预警体系", "考核评价办法", "服务标准",
       "长效管理机制", "示范点建设", "专项资金管理", "数据归集共享", "网格化管理", "应急处置预案",
       "群众满意度调查", "问题整改清单", "常态化督查", "人才队伍建设"]
TAIL = ["确保各项任务按期完成", "形成可复制可推广的经验", "切实解决群众急难愁盼问题",
        "提升治理精细化水平", "推动工作提质增效", "做到底数清、情况明"]
SECTION = ["工作目标", "重点任务", "实施步骤", "保障措施"]
SUBSEC = ["夯实工作基础", "突出重点领域", "强化协同联动", "创新方式方法", "提升服务水平",
          "加强督促检查", "完善制度体系", "推进数字赋能"]
NUMERALS = "一二三四五六七八九十"
SURNAME = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["立新", "海燕", "建国", "晓梅", "志强", "丽华", "文博", "春生", "明远", "秀英", "子涵", "国庆"]


def cn(n):
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    return NUMERALS[n // 10 - 1] + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def task(r, year):
    lead = r.choice(UNIT)
    resp = "、".join(r.sample(UNIT, r.randint(1, 3)))
    text = "%s%s，%s。" % (r.choice(VERB), r.choice(OBJ), r.choice(TAIL))
    month = r.randint(1, 12)
    form = r.randint(0, 4)
    if form == 0:
        return text + "（牵头单位：%s；责任单位：%s；%d年%d月底前完成）" % (lead, resp, year, month)
    if form == 1:
        return text + "（%s牵头，%s配合）" % (lead, resp)
    if form == 2:
        return text + "（责任单位：%s；长期坚持）" % resp
    if form == 3:
        return text + "（牵头单位：%s；%d年底前）" % (lead, year)
    return text


def body(r, kb, md, year, used=0):
    """Sections of tasks until the draft reaches about kb KiB."""
    out = []
    size = used
    sec = 0
    while sec < 40:
        sec += 1
        name = SECTION[(sec - 1) % len(SECTION)]
        out += [("## " if md else "") + "%s、%s" % (cn(sec), name), ""]
        for sub in range(1, r.randint(2, 4)):
            out += [("### " if md else "") + "（%s）%s" % (cn(sub), r.choice(SUBSEC)), ""]
            for k in range(1, r.randint(3, 6)):
                out += ["%d.%s" % (k, task(r, year)), ""]
                size = used + len("\n".join(out).encode())
                if size >= kb * 1024 and sec >= 2:
                    return out
    return out


def plan(r, kb, md):
    year = r.randint(2023, 2026)
    city, dist, topic = r.choice(CITY), r.choice(DISTRICT), r.choice(TOPIC)
    title = "%s%s%d年%s工作方案" % (city, dist, year, topic)
    lines = [("# " if md else "") + title, ""]
    lines.append("为深入推进%s，根据上级有关部署要求，结合%s实际，制定本方案。" % (topic, dist))
    lines.append("")
    lines += body(r, kb, md, year, len("\n".join(lines).encode()))
    return "\n".join(lines) + "\n"


def notice(r, kb):
    year = r.randint(2023, 2026)
    city, dist, topic = r.choice(CITY), r.choice(DISTRICT), r.choice(TOPIC)
    office = "%s%s人民政府办公室" % (city, dist)
    plan_title = "%s%d年%s工作方案" % (dist, year, topic)
    month, day = r.randint(1, 12), r.randint(1, 28)
    lines = [office + "文件", "", "%s政办〔%d〕%d号" % (dist[0], year, r.randint(1, 99)), "",
             "%s关于印发《%s》的通知" % (office, plan_title), "",
             "各街道办事处，区人民政府各部门，区属各单位：", "",
             "《%s》已经区人民政府常务会议研究通过，现印发给你们，请认真抓好落实。" % plan_title, "",
             office, "", "%d年%d月%d日" % (year, month, day), "",
             "（联系人：%s%s，联系电话：0%d-%08d）" % (r.choice(SURNAME), r.choice(GIVEN),
                                                r.randint(10, 99), r.randint(0, 99999999)), "",
             plan_title, "",
             "为推动%s取得实效，制定本方案。" % topic, ""]
    lines += body(r, kb, False, year, len("\n".join(lines).encode()) + 200)
    lines += ["抄送：区委办公室，区人大常委会办公室，区政协办公室。", "",
              "%s                %d年%d月%d日印发" % (office, year, month, day)]
    return "\n".join(lines) + "\n"


def report(r, kb):
    year = r.randint(2023, 2026)
    dist, topic = r.choice(DISTRICT), r.choice(TOPIC)
    lines = ["关于%s%d年%s工作情况的报告" % (dist, year, topic), "", "区人民政府：", "",
             "现将今年以来%s工作情况报告如下。" % topic, ""]
    size = 0
    k = 0
    while size < kb * 1024 or k < 3:
        k += 1
        lines.append("%s、%s" % (cn(k), r.choice(SUBSEC)))
        lines.append("")
        for _ in range(r.randint(2, 4)):
            p = "%s%s，%s，%s。" % (r.choice(VERB), r.choice(OBJ), r.choice(TAIL), r.choice(TAIL))
            lines.append(p)
            lines.append("")
            size += len(p.encode())
        if k > 60:
            break
    lines += ["特此报告。", "", "%s%s" % (dist, r.choice(UNIT)[1:]), "",
              "%d年%d月%d日" % (year, r.randint(1, 12), r.randint(1, 28))]
    return "\n".join(lines) + "\n"


def drafts(args):
    r = random.Random(args.seed)
    for i in range(args.n):
        sub = "" if args.per_folder == 0 else "批次%03d" % (i // args.per_folder)
        d = os.path.join(args.dir, sub)
        os.makedirs(d, exist_ok=True)
        kind = i % 4
        if kind == 0:
            name, text = "方案%05d.md" % i, plan(r, args.kb, True)
        elif kind == 1:
            name, text = "方案%05d.txt" % i, plan(r, args.kb, False)
        elif kind == 2:
            name, text = "通知%05d.txt" % i, notice(r, args.kb)
        else:
            name, text = "报告%05d.txt" % i, report(r, args.kb)
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)


def letters(args):
    r = random.Random(args.seed)
    os.makedirs(os.path.join(args.dir, "正文"), exist_ok=True)
    head = ["编号", "类别", "会议", "提出人", "标题", "办理结果", "承办单位", "会办单位", "签发人",
            "联系人", "联系电话", "公开属性", "成文日期", "发文字号", "抄送", "正文"]
    rows = [",".join(head)]
    for i in range(1, args.n + 1):
        cat = "提案" if i % 3 else "建议"
        num = "%05d" % i
        topic = r.choice(TOPIC)
        title = "关于加强%s的%s" % (topic, cat)
        session = "市政协十三届三次会议" if cat == "提案" else "市十六届人大三次会议"
        who = r.choice(SURNAME) + r.choice(GIVEN)
        path = "正文/%s.txt" % num
        text = ["您提出的《%s》收悉。经认真研究，现答复如下：" % title, "",
                "一、基本情况", "",
                "近年来，我们围绕%s持续用力，%s%s，%s。" % (topic, r.choice(VERB), r.choice(OBJ), r.choice(TAIL)), "",
                "二、下一步打算", "",
                "我们将认真吸纳您的意见，%s%s，%s。" % (r.choice(VERB), r.choice(OBJ), r.choice(TAIL)), "",
                "感谢您对我们工作的关心和支持。"]
        with open(os.path.join(args.dir, path), "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")
        cells = [num, cat, session, who, title, "ABCD"[r.randint(0, 3)], r.choice(UNIT),
                 r.choice(UNIT) if i % 2 else "", r.choice(SURNAME) + r.choice(GIVEN),
                 r.choice(SURNAME) + r.choice(GIVEN), "0571-8700%04d" % (i % 10000), "主动公开",
                 "2025-07-%02d" % (1 + i % 28), "示政办函〔2025〕%d号" % i, "市人大常委会代表工作委员会",
                 path]
        rows.append(",".join(cells))
    with open(os.path.join(args.dir, "答复清单.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(rows) + "\r\n")


def one_plan(args):
    r = random.Random(args.seed)
    d = os.path.dirname(args.file)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(args.file, "w", encoding="utf-8") as f:
        f.write(plan(r, args.kb, args.file.endswith(".md")))


def main():
    ap = argparse.ArgumentParser()
    sp = ap.add_subparsers(dest="cmd", required=True)
    a = sp.add_parser("drafts")
    a.add_argument("dir")
    a.add_argument("n", type=int)
    a.add_argument("--kb", type=float, default=4)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--per-folder", type=int, default=100)
    a = sp.add_parser("letters")
    a.add_argument("dir")
    a.add_argument("n", type=int)
    a.add_argument("--seed", type=int, default=1)
    a = sp.add_parser("plan")
    a.add_argument("file")
    a.add_argument("--kb", type=float, default=16)
    a.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    {"drafts": drafts, "letters": letters, "plan": one_plan}[args.cmd](args)


if __name__ == "__main__":
    main()
