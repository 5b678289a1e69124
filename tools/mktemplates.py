#!/usr/bin/env python3
"""mktemplates.py — rebuild templates/<name>.docx from templates/src/<name>/.

Each directory under templates/src/ holds the unpacked XML parts of one
template (see templates/README.md).  The zip is written deterministically so
that the committed .docx only changes when a source file changes:

  * entries in a fixed order: [Content_Types].xml, _rels/.rels, docProps/*,
    word/document.xml, word/styles.xml, word/settings.xml, word/fontTable.xml,
    then every other part sorted by name, word/_rels/*.rels last;
  * every entry time 1980-01-01 00:00, MS-DOS attributes, deflate level 9;
  * every .xml/.rels part is checked for well-formedness first.

usage: python3 tools/mktemplates.py [--src templates/src] [--out templates] [NAME...]
Exit status: 0 ok, 1 a source is missing or not well-formed.
"""
import argparse
import os
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib

FIRST = ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'docProps/app.xml',
         'word/document.xml', 'word/styles.xml', 'word/settings.xml', 'word/fontTable.xml']
REQUIRED = ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml',
            'word/_rels/document.xml.rels']
EPOCH = (1980, 1, 1, 0, 0, 0)


def order_key(name):
    if name in FIRST:
        return (0, FIRST.index(name), name)
    if name.startswith('word/_rels/'):
        return (2, 0, name)
    return (1, 0, name)


def collect(src):
    names = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for fn in sorted(filenames):
            if (fn.startswith('.') and fn != '.rels') or fn.endswith('~'):
                continue
            full = os.path.join(dirpath, fn)
            names.append(os.path.relpath(full, src).replace(os.sep, '/'))
    return sorted(names, key=order_key)


def build(src, out):
    names = collect(src)
    for req in REQUIRED:
        if req not in names:
            raise ValueError('%s: missing part %s' % (src, req))
    blobs = []
    for n in names:
        with open(os.path.join(src, n), 'rb') as f:
            data = f.read()
        if n.endswith('.xml') or n.endswith('.rels'):
            try:
                ET.fromstring(data)
            except ET.ParseError as e:
                raise ValueError('%s/%s: not well-formed: %s' % (src, n, e))
        blobs.append((n, data))
    tmp = out + '.tmp'
    with zipfile.ZipFile(tmp, 'w') as z:
        for n, data in blobs:
            info = zipfile.ZipInfo(n, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, out)
    return len(blobs)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--src', default=os.path.join(top, 'templates', 'src'))
    ap.add_argument('--out', default=os.path.join(top, 'templates'))
    ap.add_argument('names', nargs='*')
    a = ap.parse_args(argv)
    names = a.names or sorted(d for d in os.listdir(a.src) if os.path.isdir(os.path.join(a.src, d)))
    rc = 0
    for name in names:
        try:
            n = build(os.path.join(a.src, name), os.path.join(a.out, name + '.docx'))
            print('mktemplates: %s.docx (%d parts, zlib %s)' % (name, n, zlib.ZLIB_VERSION))
        except (OSError, ValueError) as e:
            print('mktemplates: %s' % e, file=sys.stderr)
            rc = 1
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
