#!/usr/bin/env bash
# Installs the system packages the test suite needs, and only those missing:
#   chromium       headless browser for the browser tests (Playwright drives it;
#                  Playwright's own browser download is never used)
#   fonts-noto-cjk so Chinese text renders as glyphs, not boxes
#   libzbar0       QR decoding through pyzbar
#   poppler-utils  pdftotext / pdftoppm for the PDF tests
#   nginx          a real static web server with gzip for Lighthouse (tests, make bench)
#   nodejs, npm    axe-core, Lighthouse and the search engine tests (make test runs npm ci);
#                  Lighthouse needs Node.js 18.16 or newer (Debian 12 has 18.20)
#   tesseract-ocr, tesseract-ocr-chi-sim
#                  OCR of scanned PDFs and photographed pages (python -m gongkai import)
#   libreoffice-writer-nogui
#                  .doc and .wps files to .docx (python -m gongkai import)
#
# Idempotent and silent when everything is present. Installs with apt-get when
# root, or through passwordless sudo (GitHub's ubuntu runners); otherwise names
# the missing packages and exits non-zero.
#
# CHROMIUM_PATH (default /usr/bin/chromium) points at the browser the tests
# launch; when it names an existing executable (e.g. google-chrome on a GitHub
# runner), no chromium package is installed.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

have_chromium() { [ -x "$CHROMIUM_PATH" ]; }

have_cjk_font() {
    if command -v fc-list >/dev/null 2>&1; then
        # No `| grep -q`: with pipefail, grep quitting early makes fc-list die
        # of SIGPIPE and the pipeline fail although the font is there.
        grep -qi 'Noto Sans CJK\|Noto Serif CJK' <<<"$(fc-list 2>/dev/null)"
    else
        compgen -G '/usr/share/fonts/*/noto/Noto*CJK*' >/dev/null
    fi
}

have_zbar() {
    local ldconfig
    for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if command -v "$ldconfig" >/dev/null 2>&1; then
            grep -q 'libzbar\.so\.0' <<<"$("$ldconfig" -p 2>/dev/null)" && return 0
            break
        fi
    done
    compgen -G '/usr/lib/*/libzbar.so.0' >/dev/null || compgen -G '/usr/lib/libzbar.so.0' >/dev/null
}

have_poppler() { command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; }

have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }

have_node() { command -v node >/dev/null 2>&1; }

have_npm() { command -v npm >/dev/null 2>&1; }

have_tesseract() { command -v tesseract >/dev/null 2>&1; }

have_tesseract_chi_sim() {
    have_tesseract && grep -qx 'chi_sim' <<<"$(tesseract --list-langs 2>/dev/null)"
}

have_soffice() { command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; }

# Each entry: "check-function package [alternative-package ...]". The first
# alternative with an installable candidate is used (Ubuntu 24.04 renamed
# libzbar0 to libzbar0t64 in the 64-bit time_t transition).
needs=(
    "have_chromium chromium"
    "have_cjk_font fonts-noto-cjk"
    "have_zbar libzbar0 libzbar0t64"
    "have_poppler poppler-utils"
    "have_nginx nginx"
    "have_node nodejs"
    "have_npm npm"
    "have_tesseract tesseract-ocr"
    "have_tesseract_chi_sim tesseract-ocr-chi-sim"
    "have_soffice libreoffice-writer-nogui"
)

missing=()
for entry in "${needs[@]}"; do
    read -r check names <<<"$entry"
    if ! "$check"; then
        missing+=("$names")
    fi
done

[ "${#missing[@]}" -eq 0 ] && exit 0

wanted_names() { local m; for m in "${missing[@]}"; do printf '%s ' "${m%% *}"; done; }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "install-system-deps: missing system packages: $(wanted_names)" >&2
    echo "install-system-deps: not root and no passwordless sudo; install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends $(wanted_names)" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: missing system packages: $(wanted_names)" >&2
    echo "install-system-deps: no apt-get here; install the equivalents by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-system-deps: installing $(wanted_names)" >&2
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null

packages=()
for m in "${missing[@]}"; do
    chosen=""
    for name in $m; do
        candidate="$(apt-cache policy "$name" 2>/dev/null | awk '/Candidate:/ {print $2}')"
        if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
            chosen="$name"
            break
        fi
    done
    packages+=("${chosen:-${m%% *}}")
done

"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}" </dev/null >/dev/null

# Check again: a package that installed but did not provide what we look for
# (e.g. Ubuntu's snap-only chromium) must fail here, not later in a test.
still=()
for entry in "${needs[@]}"; do
    read -r check names <<<"$entry"
    "$check" || still+=("${names%% *}")
done
if [ "${#still[@]}" -ne 0 ]; then
    echo "install-system-deps: still missing after install: ${still[*]}" >&2
    [ -x "$CHROMIUM_PATH" ] || echo "install-system-deps: no browser at CHROMIUM_PATH=$CHROMIUM_PATH" >&2
    exit 1
fi
