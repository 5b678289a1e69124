#!/bin/sh
# Installs what gongwen needs to build and test, on Debian/Ubuntu, when it is
# missing.  Uses sudo when not root.  Does nothing when all is present.
#   tools/deps.sh           build dependencies
#   tools/deps.sh --render  also LibreOffice and fonts for render checks
set -e
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v cc >/dev/null 2>&1 || need="$need gcc libc6-dev"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
have_pc libxml-2.0 || need="$need libxml2-dev"
have_pc libzip || need="$need libzip-dev"
have_pc zlib || need="$need zlib1g-dev"
have_pc libpcre2-8 || need="$need libpcre2-dev"
have_pc libcmark || need="$need libcmark-dev"
have_pc xlsxwriter || need="$need libxlsxwriter-dev"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
if [ "$1" = "--render" ]; then
    command -v soffice >/dev/null 2>&1 || need="$need libreoffice-writer-nogui"
    dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || need="$need libreoffice-calc-nogui"
    command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
    [ -d /usr/share/fonts/opentype/noto ] || need="$need fonts-noto-cjk"
    [ -d /usr/share/fonts/truetype/arphic ] || need="$need fonts-arphic-ukai fonts-arphic-uming"
    /usr/bin/python3 -c 'import docx, lxml' 2>/dev/null || need="$need python3-docx python3-lxml"
fi
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing:$need — install them with your package manager" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing:$need"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
