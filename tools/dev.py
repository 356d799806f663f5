"""Project commands behind the Makefile: test, run, i18n export.

Run with the project's virtualenv (`make test`, `make run`, `make pot`); it needs
the Odoo 18.0 source tree in $ODOO_SRC (see tools/setup.sh).

    python tools/dev.py test    fresh database, install + tests, upgrade, linters
    python tools/dev.py run     the `gesticlean` database with demo data, served
    python tools/dev.py pot     export i18n/gesticlean_support.pot (and merge fr.po)
"""

import argparse
import os
import re
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
MODULE = "gesticlean_support"
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo-18.0"))
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGPORT = os.environ.get("PGPORT", "5432")
DB_USER = os.environ.get("DB_USER", "gesticlean")
LOG_DIR = ROOT / ".odoo" / "logs"
DATA_DIR = ROOT / ".odoo" / "data"

# An Odoo log line: "2026-11-26 10:00:00,123 4242 WARNING db odoo.addons.x: message"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
TEST_REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")


def addons_path():
    site_addons = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"
    paths = [ODOO_SRC / "odoo" / "addons", site_addons, ROOT]
    return ",".join(str(path) for path in paths if path.is_dir())


def odoo_command(database, *args):
    return [
        sys.executable,
        str(ODOO_SRC / "odoo-bin"),
        f"--addons-path={addons_path()}",
        f"--data-dir={DATA_DIR}",
        f"--db_host={PGHOST}",
        f"--db_port={PGPORT}",
        f"--db_user={DB_USER}",
        f"--database={database}",
        *args,
    ]


def load_registry(database):
    """Configure Odoo as the Makefile does and load ``database`` (for scripts)."""
    sys.path.insert(0, str(ODOO_SRC))
    import odoo  # noqa: PLC0415 - only importable once ODOO_SRC is on the path

    odoo.tools.config.parse_config(
        [
            f"--addons-path={addons_path()}",
            f"--db_host={PGHOST}",
            f"--db_port={PGPORT}",
            f"--db_user={DB_USER}",
            f"--database={database}",
            "--log-level=warn",
        ]
    )
    return odoo.modules.registry.Registry(database)


def pg_connect(dbname="postgres"):
    return psycopg2.connect(host=PGHOST, port=PGPORT, user=DB_USER, dbname=dbname)


def database_exists(name):
    with pg_connect() as cnx, cnx.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return bool(cr.fetchone())


def module_installed(database):
    try:
        cnx = pg_connect(database)
    except psycopg2.OperationalError:
        return False
    with cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT 1 FROM ir_module_module WHERE name = %s AND state = 'installed'",
            (MODULE,),
        )
        installed = bool(cr.fetchone())
    cnx.close()
    return installed


def drop_database(name):
    cnx = pg_connect()
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
    cnx.close()


def create_database(name, demo=True):
    """Create a database the way Odoo's database manager does for a French company.

    Country France (hence EUR and, once `account` is installed, the French chart of
    accounts from l10n_fr_account), French installed and set on the admin user.
    """
    code = (
        "import sys, odoo\n"
        "from odoo.tools import config\n"
        "config.parse_config(sys.argv[1:])\n"
        "from odoo.service import db\n"
        f"db.exp_create_database({name!r}, {demo!r}, 'fr_FR', user_password='admin',"
        " login='admin', country_code='FR')\n"
    )
    args = [
        f"--addons-path={addons_path()}",
        f"--data-dir={DATA_DIR}",
        f"--db_host={PGHOST}",
        f"--db_port={PGPORT}",
        f"--db_user={DB_USER}",
        "--log-level=warn",
    ]
    env = dict(os.environ, PYTHONPATH=str(ODOO_SRC))
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT)


def run_logged(command, logfile):
    """Run an Odoo command, echo its output and keep it in ``logfile``."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    print("$", " ".join(command), flush=True)
    with open(logfile, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
        return process.wait()


def parse_log(logfile):
    """Return the log records of ``logfile`` as (level, logger, message) tuples."""
    records = []
    for line in logfile.read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if match:
            records.append((match["level"], match["logger"], match["message"]))
    return records


class Checks:
    """Pass/fail bookkeeping for the final `N passed, M failed` line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.problems = []

    def check(self, ok, label, details=()):
        if ok:
            self.passed += 1
            print(f"[ok]   {label}")
        else:
            self.failed += 1
            self.problems.append(label)
            print(f"[FAIL] {label}")
            for detail in list(details)[:30]:
                print(f"         {detail}")


def module_warnings(records):
    """Warnings and errors that this module is responsible for."""
    return [
        f"{level} {logger}: {message}"
        for level, logger, message in records
        if level in ("WARNING", "ERROR", "CRITICAL")
        and (
            logger.startswith(f"odoo.addons.{MODULE}")
            or logger == "py.warnings"
            or MODULE in message
        )
    ]


def errors(records):
    return [
        f"{level} {logger}: {message}"
        for level, logger, message in records
        if level in ("ERROR", "CRITICAL")
    ]


def command_test(args):
    checks = Checks()
    database = args.database
    started = time.monotonic()

    reuse = args.reuse and module_installed(database)
    if not reuse:
        drop_database(database)
        print(f"Creating the fresh database {database!r} (France, fr_FR, demo data)")
        create_database(database)

    install_log = LOG_DIR / "test-install.log"
    tags = args.tags
    test_tags = f"/{MODULE}" + (
        tags if tags[:1] in (":", ".") else f":{tags}" if tags else ""
    )
    rc = run_logged(
        odoo_command(
            database,
            f"--update={MODULE}" if reuse else f"--init={MODULE}",
            "--test-enable",
            f"--test-tags={test_tags}",
            f"--http-port={args.http_port}",
            "--stop-after-init",
            "--log-level=info",
            "--workers=0",
            "--max-cron-threads=0",
        ),
        install_log,
    )
    records = parse_log(install_log)
    report = None
    for _level, _logger, message in records:
        match = TEST_REPORT.search(message)
        if match:
            report = {key: int(value) for key, value in match.groupdict().items()}
    skipped = [
        f"{match['test']}: {match['reason']}"
        for _level, _logger, message in records
        if (match := SKIPPED.match(message))
    ]
    if report is None:
        checks.check(False, f"tests did not run (odoo exit code {rc})", errors(records))
        report = {"failed": 0, "errors": 0, "run": 0}
    else:
        ok_tests = report["run"] - report["failed"] - report["errors"]
        checks.passed += ok_tests
        checks.failed += report["failed"] + report["errors"]
        print(
            f"[tests] {report['run']} run: {ok_tests} passed, "
            f"{report['failed']} failed, {report['errors']} errors, "
            f"{len(skipped)} skipped"
        )
        checks.check(rc == 0, f"install and tests exit code is {rc}")
        checks.check(report["run"] > 0, "some tests ran")
    checks.check(not skipped, "no test skipped", skipped)
    checks.check(
        not module_warnings(records),
        f"no warning or error logged by {MODULE} during install and tests",
        module_warnings(records),
    )
    checks.check(
        not errors(records) or report["failed"] + report["errors"] > 0,
        "no error logged during install and tests",
        errors(records),
    )

    upgrade_log = LOG_DIR / "test-upgrade.log"
    rc = run_logged(
        odoo_command(
            database,
            f"--update={MODULE}",
            "--stop-after-init",
            "--log-level=info",
            "--workers=0",
            "--max-cron-threads=0",
        ),
        upgrade_log,
    )
    records = parse_log(upgrade_log)
    upgrade_warnings = [
        f"{level} {logger}: {message}"
        for level, logger, message in records
        if level in ("WARNING", "ERROR", "CRITICAL")
    ]
    checks.check(
        rc == 0 and not upgrade_warnings,
        f"-u {MODULE}: no error or warning",
        upgrade_warnings,
    )

    if not args.no_lint:
        for label, command in lint_commands():
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            output = (result.stdout + result.stderr).strip().splitlines()
            checks.check(result.returncode == 0, f"lint: {label}", output)

    if not (args.keep or args.reuse):
        drop_database(database)
    elapsed = time.monotonic() - started
    print(f"Done in {elapsed:.0f} s. Logs: {LOG_DIR}")
    if checks.problems:
        print("Failed: " + "; ".join(checks.problems))
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


def lint_commands():
    bindir = Path(sys.executable).parent
    return [
        ("ruff check", [str(bindir / "ruff"), "check", MODULE, "tools", "benchmarks"]),
        (
            "ruff format --check",
            [str(bindir / "ruff"), "format", "--check", MODULE, "tools", "benchmarks"],
        ),
        (
            "pylint-odoo",
            [str(bindir / "pylint"), "--rcfile=.pylintrc", MODULE],
        ),
    ]


def command_run(args):
    database = args.database
    if not database_exists(database):
        print(
            f"Creating the database {database!r} (France, fr_FR, demo data)", flush=True
        )
        create_database(database)
    if not module_installed(database):
        print(f"Installing {MODULE} with its demo data", flush=True)
        subprocess.run(
            odoo_command(database, f"--init={MODULE}", "--stop-after-init"),
            check=True,
            cwd=ROOT,
        )
    elif args.update:
        subprocess.run(
            odoo_command(database, f"--update={MODULE}", "--stop-after-init"),
            check=True,
            cwd=ROOT,
        )
    print(
        f"Odoo on http://localhost:{args.http_port} (database {database!r})", flush=True
    )
    os.execv(
        sys.executable,
        odoo_command(
            database, f"--http-port={args.http_port}", f"--db-filter=^{database}$"
        ),
    )


def command_pot(args):
    database = args.database
    drop_database(database)
    create_database(database, demo=False)
    subprocess.run(
        odoo_command(
            database, f"--init={MODULE}", "--stop-after-init", "--log-level=warn"
        ),
        check=True,
        cwd=ROOT,
    )
    i18n = ROOT / MODULE / "i18n"
    pot = i18n / f"{MODULE}.pot"
    subprocess.run(
        odoo_command(
            database,
            f"--i18n-export={pot}",
            f"--modules={MODULE}",
            "--stop-after-init",
            "--log-level=warn",
        ),
        check=True,
        cwd=ROOT,
    )
    drop_database(database)
    merge_po(pot, i18n / "fr.po")
    print(f"Exported {pot}; merged into {i18n / 'fr.po'}")
    return 0


def merge_po(pot_path, po_path):
    """Bring fr.po in line with the .pot: keep translations, add new terms."""
    import polib  # noqa: PLC0415 - a dependency of Odoo, only needed here

    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    translated = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in old}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "fr",
            "Language-Team": "French",
            "Plural-Forms": "nplurals=2; plural=(n > 1);",
        }
    )
    for entry in pot:
        entry.msgstr = translated.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(str(po_path))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    test = sub.add_parser(
        "test", help="fresh database, install + tests, upgrade, linters"
    )
    test.add_argument(
        "--database", default=os.environ.get("TEST_DB", "gesticlean_test")
    )
    test.add_argument(
        "--tags", default=os.environ.get("TEST_TAGS", ""), help="e.g. :TestClass"
    )
    test.add_argument("--http-port", default=os.environ.get("TEST_HTTP_PORT", "8169"))
    test.add_argument("--keep", action="store_true", help="keep the test database")
    test.add_argument("--no-lint", action="store_true")
    test.add_argument(
        "--reuse",
        action="store_true",
        help="development: update the kept database instead of a fresh one",
    )
    run = sub.add_parser("run", help="serve the demo database")
    run.add_argument("--database", default=os.environ.get("RUN_DB", "gesticlean"))
    run.add_argument("--http-port", default=os.environ.get("HTTP_PORT", "8069"))
    run.add_argument("--update", action="store_true", help=f"update {MODULE} first")
    pot = sub.add_parser("pot", help="export the .pot and merge fr.po")
    pot.add_argument("--database", default=os.environ.get("POT_DB", "gesticlean_i18n"))
    args = parser.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    handler = {"test": command_test, "run": command_run, "pot": command_pot}[
        args.command
    ]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
