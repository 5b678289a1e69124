#!/usr/bin/env python3
"""docx_check.py — assert GB/T 9704 layout facts of a DOCX written by gongwen.

usage: python3 tests/docx_check.py FILE.docx --kind notice|plan|report|reply [--allow-missing]

Reads the parts back from the zip (stdlib zipfile + xml.etree only) and prints
one line per check, "ok - …" or "not ok - …: detail", then a summary line.
Exit status: 0 all checks passed, 1 a check failed, 2 usage or unreadable file.

Checks (see /work/shared/spec/gbt9704.md §2, §3, §6, §7, §8.1, §11):
  page A4 11906x16838; margins 2098/1474/1984/1587, header 851, footer 1418;
  docGrid type=lines linePitch=579 without charSpace; evenAndOddHeaders;
  odd footer right-aligned with a PAGE field, even footer left-aligned, the
  dashes with w:hint=eastAsia; style fonts (eastAsia names) and sizes;
  -0.25 pt character spacing (w:spacing -5) on every 3号 paragraph style;
  body first-line indent 2 字; fontTable with charset 86 and altName; every
  referenced style exists; no leftover {{ tags; no 【待补】 unless allowed;
  notice/report: red 发文机关标志 and red separator line; notice: 版记 as a
  floating table at the bottom margin with 0.35/0.25 mm black lines;
  report: 签发人 with the name in 楷体, several signers two a line, the
  first names aligned, the 发文字号 on the last line; reply: titlePg, 170 mm
  red double lines (thick-thin under the mark, thin-thick 20 mm from the
  bottom edge), no page number on page 1; plan: no 版头.
  Closing block (§4): the blank line before the 署名, the 署名 and the 成文日期
  keep with the next paragraph, and so do all 附注 but the last (in a reply
  letter the last too, with the 版记), so that they stay on one page.
  Tables in the body: fixed layout, explicit w:gridCol widths summing to the
  版心 width (8844 twips), each cell as wide as its grid column.
"""
import argparse
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PR = 'http://schemas.openxmlformats.org/package/2006/relationships'
NS = {'w': W, 'r': R}
MISSING = '【待补】'

FANGSONG, HEITI, KAITI, XBS, SONG = '仿宋_GB2312', '黑体', '楷体_GB2312', '方正小标宋简体', '宋体'

# The templates' style ids and display names.  An editor such as LibreOffice
# may renumber the ids when it saves a template ("Style26"); gongwen then
# finds its styles by name, and so does this check.
STYLE_NAMES = {
    'GwCopyNumber': '公文份号', 'GwHeadInfo': '公文密级和紧急程度', 'GwIssuerMark': '公文发文机关标志',
    'GwDocNumber': '公文发文字号', 'GwDocNumberSigner': '公文发文字号和签发人', 'GwSignerName': '公文签发人姓名',
    'GwRedLine': '公文版头分隔线', 'GwTitle': '公文标题', 'GwSubtitle': '公文副标题', 'GwAuthor': '公文作者',
    'GwRecipients': '公文主送机关', 'GwBody': '公文正文', 'GwBodyChar': '公文正文字符',
    'GwHeading1': '公文一级标题', 'GwHeading2': '公文二级标题', 'GwHeading3': '公文三级标题',
    'GwHeading4': '公文四级标题', 'GwAttachNote': '公文附件说明', 'GwSignature': '公文发文机关署名',
    'GwDate': '公文成文日期', 'GwNote': '公文附注', 'GwEnclosureTitle': '公文印发文件标题',
    'GwAttachLabel': '公文附件标识', 'GwAttachTitle': '公文附件标题', 'GwTableText': '公文表格文字',
    'GwTableHead': '公文表头文字', 'GwTable': '公文表格', 'GwColophon': '公文版记', 'GwColophonCc': '公文抄送',
    'GwDisclosure': '公文公开属性', 'GwPageNumberOdd': '公文页码（奇数页）', 'GwPageNumberEven': '公文页码（偶数页）',
    'GwResultClass': '公文办理结果类别', 'GwLetterMark': '公文信函发文机关标志', 'GwLetterNumber': '公文信函发文字号',
    'GwLetterLowerLine': '公文信函下线', 'GwVanish': '公文空段',
}


def w(tag):
    return '{%s}%s' % (W, tag)


def wattr(el, name):
    return None if el is None else el.get(w(name))


class Checker:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, cond, what, detail=''):
        if cond:
            self.passed += 1
            print('ok - %s' % what)
        else:
            self.failed += 1
            print('not ok - %s%s' % (what, ': ' + detail if detail else ''))
        return cond


class Styles:
    """Effective style properties, following basedOn and docDefaults."""

    def __init__(self, root):
        self.by_id = {}
        self.defaults_rpr = None
        self.defaults_ppr = None
        if root is None:
            return
        dd = root.find('w:docDefaults', NS)
        if dd is not None:
            self.defaults_rpr = dd.find('w:rPrDefault/w:rPr', NS)
            self.defaults_ppr = dd.find('w:pPrDefault/w:pPr', NS)
        by_name = {}
        for st in root.findall('w:style', NS):
            self.by_id[wattr(st, 'styleId')] = st
            by_name.setdefault(wattr(st.find('w:name', NS), 'val'), wattr(st, 'styleId'))
        # logical id (GwBody) -> the id in this file, and back
        self.real = {}
        for sid, name in STYLE_NAMES.items():
            self.real[sid] = sid if sid in self.by_id else by_name.get(name, sid)
        self.logical = {v: k for k, v in self.real.items()}

    def chain(self, sid):
        sid = self.real.get(sid, sid)
        seen = []
        while sid and sid in self.by_id and sid not in seen:
            seen.append(sid)
            sid = wattr(self.by_id[sid].find('w:basedOn', NS), 'val')
        return [self.by_id[s] for s in seen]

    def get(self, sid):
        return self.by_id.get(self.real.get(sid, sid))

    def _first(self, sid, path, attr, default_root):
        for st in self.chain(sid):
            el = st.find(path, NS)
            if el is not None and wattr(el, attr) is not None:
                return wattr(el, attr)
        if default_root is not None:
            el = default_root.find(path.split('/', 1)[1], NS) if '/' in path else None
            if el is not None:
                return wattr(el, attr)
        return None

    def rprop(self, sid, tag, attr='val'):
        return self._first(sid, 'w:rPr/w:' + tag, attr, self.defaults_rpr)

    def pprop(self, sid, tag, attr='val'):
        return self._first(sid, 'w:pPr/w:' + tag, attr, self.defaults_ppr)

    def font(self, sid):
        return self.rprop(sid, 'rFonts', 'eastAsia')

    def size(self, sid):
        v = self.rprop(sid, 'sz')
        return int(v) if v else None

    def pel(self, sid, path):
        for st in self.chain(sid):
            el = st.find('w:pPr/' + path, NS)
            if el is not None:
                return el
        return None


def text_of(el):
    return ''.join(t.text or '' for t in el.iter(w('t')))


def para_style(p, styles=None):
    v = wattr(p.find('w:pPr/w:pStyle', NS), 'val')
    return styles.logical.get(v, v) if styles is not None else v


def main(argv):
    ap = argparse.ArgumentParser(description='check a gongwen DOCX against GB/T 9704 facts')
    ap.add_argument('docx')
    ap.add_argument('--kind', required=True, choices=['notice', 'plan', 'report', 'reply'])
    ap.add_argument('--allow-missing', action='store_true', help='allow 【待补】 placeholders')
    a = ap.parse_args(argv)

    try:
        z = zipfile.ZipFile(a.docx)
        names = z.namelist()
        parts = {n: z.read(n) for n in names}
    except (OSError, zipfile.BadZipFile) as e:
        print('not ok - open %s: %s' % (a.docx, e))
        return 2
    c = Checker()

    def xml(name):
        try:
            return ET.fromstring(parts[name]) if name in parts else None
        except ET.ParseError as e:
            c.check(False, 'part %s is well-formed XML' % name, str(e))
            return None

    for req in ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml',
                'word/settings.xml', 'word/fontTable.xml', 'word/_rels/document.xml.rels', 'docProps/core.xml']:
        c.check(req in parts, 'part %s present' % req)
    c.check(names and names[0] == '[Content_Types].xml', '[Content_Types].xml is the first zip entry',
            names[0] if names else '')

    doc = xml('word/document.xml')
    styles = Styles(xml('word/styles.xml'))
    settings = xml('word/settings.xml')
    fonts = xml('word/fontTable.xml')
    rels = xml('word/_rels/document.xml.rels')
    if doc is None:
        c.check(False, 'word/document.xml readable')
        return 1
    relmap = {}
    if rels is not None:
        for r in rels.findall('{%s}Relationship' % PR):
            relmap[r.get('Id')] = 'word/' + r.get('Target').lstrip('/').replace('word/', '', 1)

    # ---- no leftover tags, no placeholders
    for n in names:
        if n.endswith('.xml') or n.endswith('.rels'):
            s = parts[n].decode('utf-8', 'replace')
            c.check('{{' not in s, 'no template tag left in %s' % n,
                    s[max(0, s.find('{{') - 20):s.find('{{') + 30] if '{{' in s else '')
    if not a.allow_missing:
        hits = [n for n in names if n.endswith('.xml') and MISSING.encode() in parts[n]]
        c.check(not hits, 'no %s placeholder (use --allow-missing to accept)' % MISSING, ', '.join(hits))

    # ---- section
    body = doc.find('w:body', NS)
    sect = body.find('w:sectPr', NS) if body is not None else None
    c.check(sect is not None, 'document has a final w:sectPr')
    if sect is None:
        return 1
    pg = sect.find('w:pgSz', NS)
    c.check(wattr(pg, 'w') == '11906' and wattr(pg, 'h') == '16838', 'page size A4 11906x16838',
            '%s x %s' % (wattr(pg, 'w'), wattr(pg, 'h')))
    mar = sect.find('w:pgMar', NS)
    want = {'top': '2098', 'right': '1474', 'bottom': '1984', 'left': '1587', 'header': '851', 'footer': '1418'}
    got = {k: wattr(mar, k) for k in want}
    if sect.find('w:headerReference', NS) is None and got.get('header') == '0':
        got['header'] = '851'  # no header: its distance does not matter (LibreOffice writes 0)
    c.check(got == want, 'margins top 2098 right 1474 bottom 1984 left 1587 header 851 footer 1418', str(got))
    grid = sect.find('w:docGrid', NS)
    c.check(wattr(grid, 'type') == 'lines' and wattr(grid, 'linePitch') == '579' and
            wattr(grid, 'charSpace') in (None, '0'),
            'docGrid type=lines linePitch=579 without charSpace',
            str(None if grid is None else {k.split('}')[1]: v for k, v in grid.attrib.items()}))
    c.check(settings is not None and settings.find('w:evenAndOddHeaders', NS) is not None,
            'settings.xml has w:evenAndOddHeaders')

    # ---- footers
    refs = {wattr(f, 'type'): relmap.get(f.get('{%s}id' % R)) for f in sect.findall('w:footerReference', NS)}
    hrefs = {wattr(f, 'type'): relmap.get(f.get('{%s}id' % R)) for f in sect.findall('w:headerReference', NS)}

    def footer_check(kind, align, indent_attr):
        part = refs.get(kind)
        if not c.check(part in parts, '%s footer referenced and present' % kind, str(part)):
            return
        ftr = xml(part)
        ps = ftr.findall('.//w:p', NS) if ftr is not None else []
        has_page = any('PAGE' in (t.text or '') for t in ftr.iter(w('instrText'))) or \
            any('PAGE' in (f.get(w('instr')) or '') for f in ftr.iter(w('fldSimple')))
        c.check(has_page, '%s footer has a PAGE field' % kind)
        p = ps[0] if ps else None
        sid = para_style(p) if p is not None else None
        jc = wattr(p.find('w:pPr/w:jc', NS), 'val') if p is not None else None
        jc = jc or styles.pprop(sid, 'jc')
        ind = p.find('w:pPr/w:ind', NS) if p is not None else None
        indv = wattr(ind, indent_attr) or styles.pprop(sid, 'ind', indent_attr)
        c.check(jc == align and indv and int(indv) > 0,
                '%s footer: page number %s-aligned with 1 字 %s indent' % (kind, align, indent_attr),
                'jc=%s ind %s=%s' % (jc, indent_attr, indv))
        txt = text_of(ftr)
        c.check('—' in txt, '%s footer shows — N —' % kind, txt)
        dash_runs = [r for r in ftr.iter(w('r')) if '—' in text_of(r)]
        c.check(dash_runs and all(wattr(r.find('w:rPr/w:rFonts', NS), 'hint') == 'eastAsia' for r in dash_runs),
                '%s footer dashes carry w:hint="eastAsia"' % kind)
        font = wattr(p.find('.//w:rPr/w:rFonts', NS), 'eastAsia') if p is not None else None
        font = font or styles.font(sid)
        size = styles.size(sid)
        c.check(font == SONG and size == 28, '%s footer page number 4号宋体' % kind, '%s %s' % (font, size))

    footer_check('default', 'right', 'right')
    footer_check('even', 'left', 'left')

    # ---- styles
    want_styles = [('GwBody', FANGSONG, 32), ('GwHeading1', HEITI, 32), ('GwHeading2', KAITI, 32),
                   ('GwHeading3', FANGSONG, 32), ('GwHeading4', FANGSONG, 32), ('GwTitle', XBS, 44),
                   ('GwRecipients', FANGSONG, 32), ('GwAttachNote', FANGSONG, 32), ('GwSignature', FANGSONG, 32),
                   ('GwDate', FANGSONG, 32), ('GwNote', FANGSONG, 32), ('GwAttachLabel', HEITI, 32),
                   ('GwPageNumberOdd', SONG, 28), ('GwPageNumberEven', SONG, 28)]
    if a.kind in ('notice', 'report'):
        want_styles += [('GwIssuerMark', XBS, None), ('GwDocNumber', FANGSONG, 32), ('GwColophon', FANGSONG, 28),
                        ('GwColophonCc', FANGSONG, 28)]
    if a.kind == 'reply':
        want_styles += [('GwLetterMark', XBS, None), ('GwLetterNumber', FANGSONG, 32),
                        ('GwColophonCc', FANGSONG, 28)]
    for sid, font, size in want_styles:
        st = styles.get(sid)
        if not c.check(st is not None and st.find('w:name', NS) is not None, 'style %s exists with a name' % sid):
            continue
        f, s = styles.font(sid), styles.size(sid)
        c.check(f == font and (size is None or s == size),
                'style %s (%s): %s%s' % (sid, wattr(st.find('w:name', NS), 'val'), font,
                                          ' sz %d' % size if size else ''), 'got %s sz %s' % (f, s))
    ind = styles.pel('GwBody', 'w:ind')
    c.check(wattr(ind, 'firstLineChars') == '200' and wattr(ind, 'firstLine') == '640',
            'GwBody first line indented 2 字 (firstLineChars=200 firstLine=640)')
    c.check(styles.pprop('GwBody', 'jc') == 'both', 'GwBody justified')
    for lv in ('GwHeading1', 'GwHeading2'):
        c.check(styles.pel(lv, 'w:keepNext') is not None, '%s keeps with next' % lv)
    bad = []
    for sid, st in styles.by_id.items():
        if wattr(st, 'type') != 'paragraph':
            continue
        if styles.size(sid) == 32 and styles.rprop(sid, 'spacing') != '-5':
            bad.append(sid)
    c.check(not bad, 'every 3号 paragraph style has character spacing -5 (22 x 28 grid)', ', '.join(bad))

    # ---- referenced styles exist
    used = set()
    for n in names:
        if re.match(r'word/(document|header\d*|footer\d*)\.xml$', n):
            root = xml(n)
            if root is None:
                continue
            for tag in ('pStyle', 'rStyle', 'tblStyle'):
                for el in root.iter(w(tag)):
                    used.add(wattr(el, 'val'))
    missing = sorted(s for s in used if s not in styles.by_id)
    c.check(not missing, 'every referenced style is defined', ', '.join(missing))

    # ---- font table
    fdefs = {}
    if fonts is not None:
        for f in fonts.findall('w:font', NS):
            fdefs[wattr(f, 'name')] = f
    for fn in (FANGSONG, HEITI, KAITI, XBS, SONG):
        f = fdefs.get(fn)
        c.check(f is not None and wattr(f.find('w:charset', NS), 'val') == '86' and f.find('w:altName', NS) is not None,
                'fontTable: %s with charset 86 and an altName' % fn)

    # ---- paragraphs of the main story
    paras = list(body.iter(w('p')))
    by_style = {}
    for p in paras:
        by_style.setdefault(para_style(p, styles), []).append(p)

    def red(sid):
        col = styles.rprop(sid, 'color')
        return col is not None and col.upper() in ('FF0000', 'E00000', 'FF3333')

    if a.kind in ('notice', 'report'):
        marks = by_style.get('GwIssuerMark', [])
        c.check(marks and text_of(marks[0]).strip(), '发文机关标志 present')
        c.check(red('GwIssuerMark'), '发文机关标志 is red', str(styles.rprop('GwIssuerMark', 'color')))
        c.check(styles.pprop('GwIssuerMark', 'jc') == 'center', '发文机关标志 centred')
        c.check(by_style.get('GwRedLine'), 'red separator line paragraph present')
        bd = styles.pel('GwRedLine', 'w:pBdr/w:bottom')
        ind = styles.pel('GwRedLine', 'w:ind')
        c.check(bd is not None and (wattr(bd, 'color') or '').upper() in ('FF0000', 'E00000', 'FF3333') and
                (ind is None or all((wattr(ind, k) or '0') == '0' for k in ('left', 'right'))),
                'red separator: red bottom border, no indents (156 mm)')
        c.check(by_style.get('GwDocNumber') or by_style.get('GwDocNumberSigner'), '发文字号 paragraph present')

    if a.kind == 'notice':
        tbls = [t for t in body.findall('w:tbl', NS) if t.find('w:tblPr/w:tblpPr', NS) is not None]
        if c.check(tbls, '版记 is a floating table'):
            t = tbls[-1]
            pp = t.find('w:tblPr/w:tblpPr', NS)
            c.check(wattr(pp, 'vertAnchor') == 'margin' and wattr(pp, 'tblpYSpec') == 'bottom',
                    '版记 anchored to the bottom margin')
            bd = t.find('w:tblPr/w:tblBorders', NS)
            top, bot, ih = (bd.find('w:' + k, NS) if bd is not None else None for k in ('top', 'bottom', 'insideH'))
            rows = t.findall('w:tr', NS)
            if rows and bd is None:  # borders saved on the cells (LibreOffice does that)
                top = rows[0].find('w:tc/w:tcPr/w:tcBorders/w:top', NS)
                bot = rows[-1].find('w:tc/w:tcPr/w:tcBorders/w:bottom', NS)
                ih = rows[0].find('w:tc/w:tcPr/w:tcBorders/w:bottom', NS) if len(rows) > 1 else None
            c.check(wattr(top, 'sz') == '8' and wattr(bot, 'sz') == '8',
                    '版记 first and last lines 0.35 mm (sz 8)')
            if len(rows) > 1:
                c.check(wattr(ih, 'sz') == '6', '版记 middle lines 0.25 mm (sz 6)')
            tw = wattr(t.find('w:tblPr/w:tblW', NS), 'w')
            c.check(tw == '8844', '版记 as wide as the 版心 (156 mm)', str(tw))
            c.check('印发' in text_of(t), '版记 has the 印发 line', text_of(t))
            cc = [p for p in t.iter(w('p')) if text_of(p).startswith('抄送：')]
            for p in cc:
                c.check(text_of(p).endswith('。'), '抄送 ends with a full stop', text_of(p))

    if a.kind == 'report':
        s = text_of(body)
        c.check('签发人：' in s, '签发人： on the 发文字号 line')
        names = [r for r in body.iter(w('r'))
                 if wattr(r.find('w:rPr/w:rStyle', NS), 'val') == styles.real.get('GwSignerName')]
        c.check(names and styles.font('GwSignerName') == KAITI, '签发人 name in 楷体_GB2312')
        ps = by_style.get('GwDocNumberSigner', [])
        c.check(ps and ps[0].find('.//w:tab', NS) is not None, '发文字号 and 签发人 on one line (tab)')
        if len(ps) > 1:
            # several signers: two a line, the label on the first line, the
            # 发文字号 on the last, every line's first name on one tab stop
            nm = styles.real.get('GwSignerName')
            per_line = [[r for r in p.iter(w('r')) if wattr(r.find('w:rPr/w:rStyle', NS), 'val') == nm] for p in ps]
            c.check(all(1 <= len(x) <= 2 for x in per_line) and all(len(x) == 2 for x in per_line[:-1]),
                    '签发人: two names a line', str([len(x) for x in per_line]))
            c.check('签发人：' in text_of(ps[0]) and all('签发人' not in text_of(p) for p in ps[1:]),
                    '签发人: the label on the first line only')
            c.check('〔' in text_of(ps[-1]) and all('〔' not in text_of(p) for p in ps[:-1]),
                    '发文字号 on the line of the last 签发人', text_of(ps[-1]))
            stops = [[int(wattr(t, 'pos')) for t in p.findall('w:pPr/w:tabs/w:tab', NS) if wattr(t, 'val') == 'left']
                     for p in ps]
            firsts = [x[-2] if len(x) >= 2 else None for x in stops]
            c.check(None not in firsts and len(set(firsts)) == 1, '签发人: wrapped lines align with the first name',
                    str(stops))

    if a.kind == 'reply':
        c.check(sect.find('w:titlePg', NS) is not None, 'titlePg: page 1 has its own header and footer')
        first_ftr = refs.get('first')
        if first_ftr and first_ftr in parts:
            f = xml(first_ftr)
            c.check(not any('PAGE' in (t.text or '') for t in f.iter(w('instrText'))), 'no page number on page 1')
        else:
            c.check(False, 'first-page footer (empty) referenced', str(first_ftr))
        hdr = hrefs.get('first')
        h = xml(hdr) if hdr in parts else None
        if c.check(h is not None, 'first-page header with the letterhead'):
            marks = [p for p in h.iter(w('p')) if para_style(p, styles) == 'GwLetterMark']
            c.check(marks and text_of(marks[0]).strip(), '信函 发文机关标志 in the first-page header')
            c.check(red('GwLetterMark'), '信函 发文机关标志 is red')
            bd = styles.pel('GwLetterMark', 'w:pBdr/w:bottom')
            ind = styles.pel('GwLetterMark', 'w:ind')
            c.check(wattr(bd, 'val') == 'thickThinSmallGap' and wattr(ind, 'left') == '-397' and
                    wattr(ind, 'right') == '-397',
                    'upper red double line thick-over-thin, 170 mm (ind -397 both sides)')
        low = by_style.get('GwLetterLowerLine', [])
        if c.check(low, 'lower red double line present'):
            fp = low[0].find('w:pPr/w:framePr', NS)
            bd = styles.pel('GwLetterLowerLine', 'w:pBdr/w:bottom')
            y = int(wattr(fp, 'y') or 0) + int(wattr(fp, 'h') or 0) if fp is not None else 0
            c.check(fp is not None and wattr(fp, 'w') == '9638' and wattr(fp, 'vAnchor') == 'page' and
                    abs(16838 - y - 1134) <= 20 and wattr(bd, 'val') == 'thinThickSmallGap',
                    'lower line thin-over-thick, 170 mm, 20 mm from the bottom edge',
                    'framePr %s' % (None if fp is None else {k.split('}')[1]: v for k, v in fp.attrib.items()}))
        c.check(by_style.get('GwLetterNumber'), '发文字号 flush right under the upper line')
        s = text_of(body) + (text_of(h) if h is not None else '')
        c.check('联系人' in s and '联系电话' in s, '附注 with 联系人 and 联系电话')
        c.check('公开属性' in s or '公开方式' in s, '公开属性 printed')

    if a.kind == 'plan':
        c.check(not by_style.get('GwIssuerMark') and not by_style.get('GwRedLine'), 'plan has no 版头')
        c.check(by_style.get('GwTitle'), 'plan has its title')

    if a.kind in ('notice', 'report', 'plan', 'reply'):
        titles = by_style.get('GwTitle', [])
        c.check(titles and text_of(titles[0]).strip(), 'title present')
        c.check(styles.pprop('GwTitle', 'jc') == 'center', 'title centred')

    # closing block: 署名, 成文日期 and 附注 keep together (keepNext chain)
    def keeps(p):
        k = p.find('w:pPr/w:keepNext', NS)
        if k is not None:
            return wattr(k, 'val') not in ('0', 'false')
        return styles.pel(para_style(p), 'w:keepNext') is not None

    top = [el for el in body if el.tag in (w('p'), w('tbl'))]
    sig_i = [i for i, el in enumerate(top) if el.tag == w('p') and para_style(el, styles) == 'GwSignature']
    if sig_i:
        first = sig_i[0]
        prev = top[first - 1] if first > 0 else None
        pprev = top[first - 2] if first > 1 else None
        if prev is not None and prev.tag == w('p') and not text_of(prev).strip() and \
                pprev is not None and pprev.tag == w('p') and keeps(pprev):
            c.check(keeps(prev), 'the blank line before the 署名 keeps with it')
        c.check(all(keeps(top[i]) for i in sig_i), '署名 keeps with the 成文日期')
        dates = [i for i in range(first, len(top)) if top[i].tag == w('p') and
                 para_style(top[i], styles) == 'GwDate']
        if dates:
            nxt = top[dates[0] + 1] if dates[0] + 1 < len(top) else None
            if nxt is not None and nxt.tag == w('p') and para_style(nxt, styles) == 'GwNote':
                c.check(keeps(top[dates[0]]), '成文日期 keeps with the 附注')
        notes = [i for i in range(first, len(top)) if top[i].tag == w('p') and
                 para_style(top[i], styles) == 'GwNote']
        run = []  # the 附注 right after the date, in a row
        for i in notes:
            if not run or i == run[-1] + 1:
                run.append(i)
        for i in run[:-1]:
            c.check(keeps(top[i]), '附注 keeps with the next 附注', text_of(top[i]))
        if a.kind == 'reply' and run:
            nxt = top[run[-1] + 1] if run[-1] + 1 < len(top) else None
            if nxt is not None and nxt.tag == w('tbl') and nxt.find('w:tblPr/w:tblpPr', NS) is not None:
                c.check(keeps(top[run[-1]]), 'reply: the last 附注 keeps with the 版记 (公开属性, 抄送)')

    # tables inside the body: fixed layout, columns summing to 156 mm, header rows repeated
    for t in body.iter(w('tbl')):
        if t.find('w:tblPr/w:tblpPr', NS) is not None:
            continue
        cols = [int(wattr(g, 'w') or 0) for g in t.findall('w:tblGrid/w:gridCol', NS)]
        c.check(sum(cols) <= 8844, 'table within the 版心 width (%d twips)' % sum(cols))
        c.check(wattr(t.find('w:tblPr/w:tblLayout', NS), 'type') == 'fixed' and cols and all(cols) and
                sum(cols) == 8844,
                'table: fixed layout, w:gridCol widths summing to 8844 twips', str(cols))
        cells_ok = True
        for tr in t.findall('w:tr', NS):
            tcs = tr.findall('w:tc', NS)
            if len(tcs) == len(cols):
                cells_ok &= all(wattr(tc.find('w:tcPr/w:tcW', NS), 'w') == str(cw) for tc, cw in zip(tcs, cols))
        c.check(cells_ok, 'table: every cell as wide as its grid column')
        first = t.find('w:tr', NS)
        hdr_row = first is not None and first.find('w:trPr/w:tblHeader', NS) is not None
        c.check(hdr_row, 'table header row repeats (w:tblHeader)')

    print('%d passed, %d failed' % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
