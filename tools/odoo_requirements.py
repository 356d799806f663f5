"""Print Odoo's requirements.txt resolved for this interpreter.

Odoo 18.0 pins, for Python 3.11, releases of which several exist only as source
distributions that no longer build (cbor2 5.4.2, cryptography 3.4.8, ...).  Its pins
for Python >= 3.12 are wheels that work on 3.11 too, so we evaluate every
environment marker as if the interpreter were 3.12.

Usage: python tools/odoo_requirements.py $ODOO_SRC/requirements.txt > reqs.txt
"""

import sys

from packaging.markers import default_environment
from packaging.requirements import Requirement

TARGET_PYTHON = "3.12"


def resolve(path):
    env = default_environment()
    env.update(python_version=TARGET_PYTHON, python_full_version=f"{TARGET_PYTHON}.0")
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(env):
            req.marker = None
            yield str(req)


if __name__ == "__main__":
    for requirement in resolve(sys.argv[1]):
        print(requirement)
