"""Project commands behind the Makefile: test, run, i18n export.

Run with the project's virtualenv (`make test`, `make run`, `make pot`); it needs
the Odoo 18.0 source tree in $ODOO_SRC (see tools/setup.sh).

    python tools/dev.py test    fresh database, install + tests, upgrade, migration
                                from the last landed version, linters
    python tools/dev.py lint    the linters alone
    python tools/dev.py format  rewrite what the formatters and generators own
    python tools/dev.py run     the `gesticlean` database with demo data, served
    python tools/dev.py pot     export i18n/gesticlean_support.pot (and merge fr.po)
"""

import argparse
import ast
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from decimal import Decimal
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
# The linters' virtualenv and prettier (tools/setup.sh)
LINT_BIN = ROOT / ".venv-lint" / "bin"
PRETTIER = ROOT / "node_modules" / ".bin" / "prettier"

# The migration step of `test` installs the module as it was in this commit (the last
# landed version), upgrades it to the working tree and runs the tests tagged
# `migration`. Move it forward when a new version lands.
MIGRATION_FROM = "e3c8fcf5541766c9a33e56235e56022a24b1cfcb"  # 18.0.2.0.0
MIGRATION_QUERIES = ROOT / MODULE / "tests" / "migration_queries.py"
MIGRATION_SNAPSHOT_ENV = "GESTICLEAN_MIGRATION_SNAPSHOT"

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


def addons_path(first=None):
    """Odoo's addons, the OCA wheels', ours; ``first`` (a directory) before them all."""
    site_addons = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"
    paths = [first, ODOO_SRC / "odoo" / "addons", site_addons, ROOT]
    return ",".join(str(path) for path in paths if path and path.is_dir())


def odoo_command(database, *args, first_addons=None):
    return [
        sys.executable,
        str(ODOO_SRC / "odoo-bin"),
        f"--addons-path={addons_path(first_addons)}",
        f"--data-dir={DATA_DIR}",
        f"--db_host={PGHOST}",
        f"--db_port={PGPORT}",
        f"--db_user={DB_USER}",
        f"--database={database}",
        *args,
    ]


def configure_odoo(database):
    """Configure Odoo as the Makefile does for ``database``, warnings only in the
    log (for scripts: benchmarks); returns the ``odoo`` package."""
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
    return odoo


def load_registry(database):
    """Configure Odoo as the Makefile does and load ``database`` (for scripts)."""
    return configure_odoo(database).modules.registry.Registry(database)


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
    """Drop the database ``name`` and its filestore."""
    cnx = pg_connect()
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
    cnx.close()
    shutil.rmtree(DATA_DIR / "filestore" / name, ignore_errors=True)


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


def run_logged(command, logfile, env=None):
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
            env=env,
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


def manifest_depends(path):
    return set(ast.literal_eval(Path(path).read_text("utf-8"))["depends"])


def previous_depends(commit):
    """The dependencies of the module in ``commit`` (none if it is not there)."""
    shown = subprocess.run(
        ["git", "show", f"{commit}:{MODULE}/__manifest__.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if shown.returncode != 0:
        return set()
    return set(ast.literal_eval(shown.stdout)["depends"])


def install_dependencies(checks, database, depends):
    """Install ``depends`` with their demo data, no test; 0 when done."""
    log = LOG_DIR / "test-dependencies.log"
    rc = run_logged(
        odoo_command(
            database,
            f"--init={','.join(sorted(depends))}",
            "--stop-after-init",
            "--log-level=warn",
            "--workers=0",
            "--max-cron-threads=0",
        ),
        log,
    )
    problems = errors(parse_log(log))
    checks.check(
        rc == 0 and not problems,
        "the dependencies install with their demo data",
        problems,
    )
    return rc


def duplicate_database(source, target):
    """Copy ``source`` (database and filestore) to ``target``, as Odoo's database
    manager duplicates a database."""
    drop_database(target)
    cnx = pg_connect()
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'unicode' TEMPLATE {}").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )
    cnx.close()
    filestore = DATA_DIR / "filestore"
    if (filestore / source).is_dir():
        shutil.copytree(filestore / source, filestore / target)


def count_tests(checks, records, rc, label):
    """Add the tests of an Odoo run (its log ``records``) to ``checks``."""
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
        checks.check(
            False, f"{label}: tests did not run (exit code {rc})", errors(records)
        )
        report = {"failed": 0, "errors": 0, "run": 0}
    else:
        ok_tests = report["run"] - report["failed"] - report["errors"]
        checks.passed += ok_tests
        checks.failed += report["failed"] + report["errors"]
        print(
            f"[tests] {label}: {report['run']} run: {ok_tests} passed, "
            f"{report['failed']} failed, {report['errors']} errors, "
            f"{len(skipped)} skipped"
        )
        checks.check(rc == 0, f"{label}: exit code is {rc}")
        checks.check(report["run"] > 0, f"{label}: some tests ran")
    checks.check(not skipped, f"{label}: no test skipped", skipped)
    return report


def command_test(args):
    checks = Checks()
    database = args.database
    started = time.monotonic()

    reuse = args.reuse and module_installed(database)
    migration = not (args.tags or args.reuse or args.no_migration)
    migration_db = f"{database}_migration"
    if not reuse:
        drop_database(database)
        print(f"Creating the fresh database {database!r} (France, fr_FR, demo data)")
        create_database(database)
        # As OCA's CI does: the dependencies first, without tests; here only those
        # the previous version shares, so that the migration step starts from a
        # copy and installs the previous version's own dependencies itself.
        depends = manifest_depends(ROOT / MODULE / "__manifest__.py")
        if migration:
            depends &= previous_depends(args.migration_from)
        step = time.monotonic()
        rc = install_dependencies(checks, database, depends) if depends else 0
        print(f"[time] dependencies installed: {time.monotonic() - step:.0f} s")
        if migration and rc == 0:
            duplicate_database(database, migration_db)

    step = time.monotonic()
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
    print(f"[time] install and tests: {time.monotonic() - step:.0f} s")
    report = count_tests(checks, records, rc, "install and tests")
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

    step = time.monotonic()
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
    print(f"[time] upgrade: {time.monotonic() - step:.0f} s")

    if migration:
        step = time.monotonic()
        migration_step(checks, migration_db, args.migration_from, args.http_port)
        print(f"[time] migration step: {time.monotonic() - step:.0f} s")
    else:
        print(
            "[skip] migration from the last landed version"
            " (--tags, --reuse or --no-migration)"
        )

    if not args.no_lint:
        step = time.monotonic()
        run_linters(checks)
        print(f"[time] linters: {time.monotonic() - step:.0f} s")

    if not (args.keep or args.reuse):
        drop_database(database)
    elapsed = time.monotonic() - started
    print(f"Done in {elapsed:.0f} s. Logs: {LOG_DIR}")
    if checks.problems:
        print("Failed: " + "; ".join(checks.problems))
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


def previous_version_addons(commit, target):
    """Extract the module as it was in ``commit`` into ``target``; an error or None."""
    resolved = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if resolved.returncode != 0:
        return (
            f"commit {commit} (the last landed version) is not in this clone's "
            "history: fetch it (git fetch --unshallow, or clone without --depth) or "
            "pass --migration-from with a commit of the history"
        )
    archive = subprocess.Popen(
        ["git", "archive", "--format=tar", commit, MODULE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(target, filter="data")
    if archive.wait() != 0 or not (target / MODULE / "__manifest__.py").exists():
        return f"git archive {commit} {MODULE} failed"
    return None


def migration_snapshot(database):
    """Run the queries of tests/migration_queries.py (plain SQL) on ``database``."""
    queries = runpy.run_path(str(MIGRATION_QUERIES))["BEFORE_UPGRADE"]
    snapshot = {}
    cnx = pg_connect(database)
    with cnx, cnx.cursor() as cr:
        for name, query in queries.items():
            cr.execute(query)
            snapshot[name] = cr.fetchall()
    cnx.close()
    # The tests compare JSON to JSON: numerics as floats (as Odoo's cursor reads
    # them), dates as text, tuples as lists
    return json.loads(
        json.dumps(
            snapshot,
            default=lambda value: (
                float(value) if isinstance(value, Decimal) else str(value)
            ),
        )
    )


def migration_step(checks, database, commit, http_port):
    """Install the last landed version with demo data in ``database`` (a copy of the
    test database with the dependencies), upgrade it to this code and run the tests
    tagged `migration`, which compare the data with a snapshot taken before the
    upgrade (tests/migration_queries.py, tests/test_migration.py)."""
    started = time.monotonic()
    label = f"migration from {commit[:8]}"
    workdir = Path(tempfile.mkdtemp(prefix="gesticlean-migration-"))
    try:
        problem = previous_version_addons(commit, workdir)
        if problem or not database_exists(database):
            checks.check(False, f"{label}: {problem or 'no database to start from'}")
            return
        print(f"Installing {MODULE} as of {commit[:8]} with demo data in {database!r}")
        install_log = LOG_DIR / "test-migration-install.log"
        rc = run_logged(
            odoo_command(
                database,
                f"--init={MODULE}",
                "--stop-after-init",
                "--log-level=warn",
                "--workers=0",
                "--max-cron-threads=0",
                first_addons=workdir,
            ),
            install_log,
        )
        installed = errors(parse_log(install_log))
        checks.check(
            rc == 0 and not installed,
            f"{label}: the previous version installs with its demo data",
            installed,
        )
        if rc != 0:
            return
        print(f"[time] previous version installed: {time.monotonic() - started:.0f} s")
        snapshot_path = workdir / "snapshot.json"
        try:
            snapshot = migration_snapshot(database)
        except psycopg2.Error as error:
            checks.check(
                False,
                f"{label}: a query of {MIGRATION_QUERIES.relative_to(ROOT)} fails on "
                "the previous version's database",
                str(error).splitlines(),
            )
            return
        snapshot_path.write_text(json.dumps(snapshot), "utf-8")
        upgrade_log = LOG_DIR / "test-migration-upgrade.log"
        rc = run_logged(
            odoo_command(
                database,
                f"--update={MODULE}",
                "--test-enable",
                f"--test-tags=migration/{MODULE}",
                f"--http-port={http_port}",
                "--stop-after-init",
                "--log-level=info",
                "--workers=0",
                "--max-cron-threads=0",
            ),
            upgrade_log,
            env=dict(os.environ, **{MIGRATION_SNAPSHOT_ENV: str(snapshot_path)}),
        )
        records = parse_log(upgrade_log)
        report = count_tests(checks, records, rc, label)
        problems = [
            f"{level} {logger}: {message}"
            for level, logger, message in records
            if level in ("WARNING", "ERROR", "CRITICAL")
        ]
        checks.check(
            not problems or report["failed"] + report["errors"] > 0,
            f"{label}: no error or warning during the upgrade",
            problems,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(database)


def lint_commands():
    """(label, command) of each linter; each is one check of `make test`."""
    i18n = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / MODULE / "i18n").glob("*.po*")
    )
    return [
        ("ruff check", [LINT_BIN / "ruff", "check", MODULE, "tools", "benchmarks"]),
        (
            "ruff format --check",
            [LINT_BIN / "ruff", "format", "--check", MODULE, "tools", "benchmarks"],
        ),
        ("pylint-odoo", [LINT_BIN / "pylint", "--rcfile=.pylintrc", MODULE]),
        ("oca-checks-odoo-module", [LINT_BIN / "oca-checks-odoo-module", MODULE]),
        # po-pretty-format is disabled as in OCA's repositories: fr.po is merged by
        # `make pot` (tools/dev.py merge_po), the .pot written by Odoo
        (
            "oca-checks-po",
            [LINT_BIN / "oca-checks-po", "--disable=po-pretty-format", *i18n],
        ),
        ("prettier --check (XML)", [PRETTIER, "--check", f"{MODULE}/**/*.xml"]),
        (
            "README.rst and index.html generated from readme/",
            [LINT_BIN / "python", "tools/gen_addon_readme.py", "--check"],
        ),
    ]


def format_commands():
    """What `make format` runs: the formatters and generators, writing."""
    return [
        (
            "prettier (XML)",
            [PRETTIER, "--write", "--log-level=warn", f"{MODULE}/**/*.xml"],
        ),
        ("ruff format", [LINT_BIN / "ruff", "format", MODULE, "tools", "benchmarks"]),
        ("README.rst", [LINT_BIN / "python", "tools/gen_addon_readme.py"]),
    ]


def run_linters(checks, commands=None):
    for label, command in commands or lint_commands():
        try:
            result = subprocess.run(
                [str(part) for part in command],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
        except FileNotFoundError:
            checks.check(
                False, f"lint: {label}", [f"{command[0]} is missing: run make setup"]
            )
            continue
        output = (result.stdout + result.stderr).strip().splitlines()
        checks.check(result.returncode == 0, f"lint: {label}", output)


def command_lint(args):
    checks = Checks()
    run_linters(checks)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


def command_format(args):
    checks = Checks()
    run_linters(checks, format_commands())
    return 1 if checks.failed else 0


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
        "--no-migration",
        action="store_true",
        help="skip the upgrade from the last landed version",
    )
    test.add_argument(
        "--migration-from",
        default=os.environ.get("MIGRATION_FROM", MIGRATION_FROM),
        help="commit of the version the migration step upgrades from",
    )
    test.add_argument(
        "--reuse",
        action="store_true",
        help="development: update the kept database instead of a fresh one",
    )
    run = sub.add_parser("run", help="serve the demo database")
    run.add_argument("--database", default=os.environ.get("RUN_DB", "gesticlean"))
    run.add_argument("--http-port", default=os.environ.get("HTTP_PORT", "8069"))
    run.add_argument("--update", action="store_true", help=f"update {MODULE} first")
    sub.add_parser("lint", help="the linters alone")
    sub.add_parser("format", help="prettier, ruff format, README.rst (writing)")
    pot = sub.add_parser("pot", help="export the .pot and merge fr.po")
    pot.add_argument("--database", default=os.environ.get("POT_DB", "gesticlean_i18n"))
    args = parser.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    handler = {
        "test": command_test,
        "lint": command_lint,
        "format": command_format,
        "run": command_run,
        "pot": command_pot,
    }[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
