#!/usr/bin/env bash
# Set up everything gesticlean_support needs to be tested and run (`make setup`).
#
#   1. the Odoo 18.0 source tree ($ODOO_SRC, downloaded from the official nightly
#      archive when it is missing),
#   2. the Debian packages needed to build Odoo's requirements and run tours,
#   3. the virtualenv .venv with Odoo's requirements and ours,
#   4. the linters: the virtualenv .venv-lint (requirements-dev.txt) and, with
#      Node.js, prettier and its XML plugin in node_modules/ (package-lock.json),
#   5. a PostgreSQL role of our own (Odoo refuses to run as `postgres`),
#   6. Chromium for the browser tests (tours).
#
# Each step is idempotent: re-running the script only does what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/tgz/odoo_18.0.latest.tar.gz}
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-$ROOT/.venv}
LINT_VENV=${LINT_VENV:-$ROOT/.venv-lint}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB_USER=${DB_USER:-gesticlean}
DEBIAN_PACKAGES=(libpq-dev libldap2-dev libsasl2-dev chromium wkhtmltopdf)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() {
    printf '\033[31m[setup] ERROR:\033[0m %s\n' "$*" >&2
    exit 1
}
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

# --- 1. Odoo source -----------------------------------------------------------------
odoo_source() {
    if [ -f "$ODOO_SRC/odoo/release.py" ]; then
        :
    else
        say "No Odoo source in $ODOO_SRC: downloading the official 18.0 archive"
        say "  ($ODOO_ARCHIVE_URL)"
        local tmp
        tmp=$(mktemp -d)
        if ! curl -fsSL --retry 2 -o "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL"; then
            rm -rf "$tmp"
            die "could not download the Odoo 18.0 source archive from $ODOO_ARCHIVE_URL.
        Download it by hand (or clone https://github.com/odoo/odoo --branch 18.0) and
        point ODOO_SRC at the directory that holds odoo-bin, e.g.
            make setup ODOO_SRC=/path/to/odoo-18.0"
        fi
        mkdir -p "$ODOO_SRC" || die "cannot create $ODOO_SRC: choose another ODOO_SRC"
        tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1
        rm -rf "$tmp"
    fi
    local series
    series=$(cd "$ODOO_SRC" && "${PYTHON_FOR_CHECKS:-python3}" -c \
        "import runpy; print(runpy.run_path('odoo/release.py')['serie'])") ||
        die "$ODOO_SRC/odoo/release.py cannot be read"
    [ "$series" = "18.0" ] || die "$ODOO_SRC holds Odoo $series, not 18.0"
    [ -f "$ODOO_SRC/odoo-bin" ] || die "$ODOO_SRC has no odoo-bin"
    say "Odoo $series source: $ODOO_SRC"
}

# --- 2. Debian packages ------------------------------------------------------------------
debian_packages() {
    command -v dpkg-query >/dev/null 2>&1 || {
        say "Not a Debian system: make sure libpq, libldap2, libsasl2 headers and Chromium are installed"
        return
    }
    local missing=()
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    if can_apt; then
        say "Installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        die "missing Debian packages: ${missing[*]}
        Install them as root:  apt-get install ${missing[*]}"
    fi
}

# --- 3. virtualenv -----------------------------------------------------------------------
# Succeeds when the virtualenv $1 is up to date (its stamp holds $2, the hash of what
# it installs); otherwise creates it if missing and fails, for the caller to install.
venv_ready() {
    local venv=$1 wanted=$2
    if [ -f "$venv/.gesticlean-setup" ] && [ "$(cat "$venv/.gesticlean-setup")" = "$wanted" ]; then
        say "virtualenv up to date: $venv"
        return 0
    fi
    [ -x "$venv/bin/python" ] || {
        say "Creating $venv"
        "$PYTHON" -m venv "$venv"
    }
    return 1
}

virtualenv() {
    command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
    "$PYTHON" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' ||
        die "Odoo 18.0 needs Python 3.10 to 3.12; $PYTHON is $("$PYTHON" --version)"
    local wanted
    wanted=$(cat "$ODOO_SRC/requirements.txt" requirements.txt \
        tools/odoo_requirements.py | sha256sum | cut -d' ' -f1)
    venv_ready "$VENV" "$wanted" && return
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
    "${pip[@]}" install --upgrade pip wheel packaging setuptools
    say "Installing Odoo 18.0's requirements (their Python >= 3.12 pins, see tools/odoo_requirements.py)"
    "$VENV/bin/python" tools/odoo_requirements.py "$ODOO_SRC/requirements.txt" >"$VENV/odoo-requirements.txt"
    "${pip[@]}" install -r "$VENV/odoo-requirements.txt"
    say "Installing requirements.txt (OCA addons, phonenumbers, ...)"
    # --no-deps: the OCA wheels require the `odoo` distribution, which runs from $ODOO_SRC.
    "${pip[@]}" install --no-deps -r requirements.txt
    echo "$wanted" >"$VENV/.gesticlean-setup"
}

# --- 4. linters ----------------------------------------------------------------------------
# Their own virtualenv: OCA's pre-commit hooks pin polib 1.2 and lxml 6, while Odoo
# runs with its own pins (polib 1.1.1, lxml 5.2.1).
lint_virtualenv() {
    local wanted
    wanted=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
    venv_ready "$LINT_VENV" "$wanted" && return
    local pip=("$LINT_VENV/bin/python" -m pip --disable-pip-version-check -q)
    "${pip[@]}" install --upgrade pip
    say "Installing requirements-dev.txt (ruff, pylint-odoo, OCA's pre-commit hooks, README generator)"
    "${pip[@]}" install -r requirements-dev.txt
    echo "$wanted" >"$LINT_VENV/.gesticlean-setup"
}

# prettier with @prettier/plugin-xml, at the versions of package-lock.json.
node_tools() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        if can_apt; then
            say "Installing Node.js and npm (Debian packages) for prettier"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
        else
            die "Node.js and npm are needed for prettier (the XML formatter of the linters).
        Install them (Debian/Ubuntu as root: apt-get install nodejs npm; Node.js 14 or later),
        then run make setup again."
        fi
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 14 ] || die "prettier 3 needs Node.js 14 or later; $(command -v node) is $(node --version)"
    local stamp="node_modules/.gesticlean-setup"
    local wanted
    wanted=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        say "prettier up to date: $ROOT/node_modules"
        return
    fi
    say "Installing prettier and @prettier/plugin-xml (npm ci, package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error ||
        die "npm ci failed: it needs the npm registry (or a configured mirror)"
    echo "$wanted" >"$stamp"
}

# --- 5. PostgreSQL -----------------------------------------------------------------------
postgresql() {
    "$VENV/bin/python" tools/pg_role.py --host "$PGHOST" --port "$PGPORT" --role "$DB_USER"
}

# --- 6. Chromium -------------------------------------------------------------------------
chromium() {
    local browser
    for browser in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$browser" >/dev/null 2>&1; then
            say "Browser for tours: $(command -v "$browser")"
            return
        fi
    done
    if can_apt; then
        say "Installing Chromium for the tours"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        die "no Chromium found: the tours need it. Install it (Debian/Ubuntu: apt-get install chromium)"
    fi
}

PYTHON_FOR_CHECKS=python3
odoo_source
debian_packages
virtualenv
lint_virtualenv
node_tools
postgresql
chromium
say "Setup done."
