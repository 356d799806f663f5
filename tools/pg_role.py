"""Check that PostgreSQL answers and create the role Odoo runs as.

Odoo refuses to run as the `postgres` superuser, so the project uses a role of its
own (`gesticlean` by default) allowed to create databases.  The role is created by
connecting as a superuser (PG_SUPERUSER, default `postgres`, or the current OS user).
"""

import argparse
import getpass
import os
import sys

import psycopg2
from psycopg2 import sql


def connect(host, port, user, dbname="postgres"):
    return psycopg2.connect(
        host=host, port=port, user=user, dbname=dbname, connect_timeout=5
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5432")
    parser.add_argument("--role", default="gesticlean")
    args = parser.parse_args()
    where = f"{args.host}:{args.port}"

    # Already there and usable?
    try:
        connect(args.host, args.port, args.role).close()
        print(f"[setup] PostgreSQL at {where}: role {args.role!r} ready")
        return 0
    except psycopg2.OperationalError as exc:
        first_error = str(exc).strip()
        if "Connection refused" in first_error or "could not connect" in first_error:
            if "role" not in first_error and "authentication" not in first_error:
                sys.exit(
                    f"[setup] ERROR: PostgreSQL is not reachable at {where}: "
                    f"{first_error}\n"
                    "        Start PostgreSQL (e.g. `pg_ctlcluster 15 main start`) "
                    "or set PGHOST / PGPORT."
                )

    superusers = [os.environ.get("PG_SUPERUSER", "postgres"), getpass.getuser()]
    for superuser in dict.fromkeys(superusers):
        try:
            cnx = connect(args.host, args.port, superuser)
        except psycopg2.OperationalError:
            continue
        cnx.autocommit = True
        with cnx.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (args.role,))
            if cr.fetchone():
                cr.execute(
                    sql.SQL("ALTER ROLE {} LOGIN CREATEDB").format(
                        sql.Identifier(args.role)
                    )
                )
            else:
                cr.execute(
                    sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(
                        sql.Identifier(args.role)
                    )
                )
        cnx.close()
        print(
            f"[setup] PostgreSQL at {where}: role {args.role!r} "
            f"created by {superuser!r}"
        )
        return 0
    sys.exit(
        f"[setup] ERROR: cannot use PostgreSQL at {where} as {args.role!r} "
        f"({first_error})\n"
        "        and cannot create that role: no superuser connection "
        f"({', '.join(superusers)}).\n"
        f"        Create it yourself:  createuser --createdb {args.role}"
    )


if __name__ == "__main__":
    sys.exit(main())
