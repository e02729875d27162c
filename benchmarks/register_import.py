"""``permits reference weapon-models`` on a generated register of 10,000 models, on SQLite.

    python benchmarks/register_import.py [--rows 10000] [--smoke]

Generates a register file, then times through the service layer, as the command runs it: a
first import of the whole file (every row added), and a second version that changes a tenth
of the rows, removes a tenth and adds as many (checked against the register in force, then
applied). ``--smoke`` runs the same on a few rows, for the test suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from permits.domain.actors import SystemActor
from permits.domain.clock import Clock
from permits.migrations import upgrade
from permits.models.database import Database
from permits.services.weapon_register import import_weapon_register

HEADER = (
    "register_number,model,manufacturer,calibre,kind,category,country_of_manufacture,date_added"
)
MAKERS = (("Beretta", "IT"), ("Sauer", "DE"), ("Sako", "FI"), ("CZ", "CZ"), ("Browning", "BE"))
CALIBRES = ("12/76", ".308 Win", "9x19 mm", "7.62x39 mm", ".22 LR")


def row(n: int, edition: int = 0) -> str:
    """One register row; a later edition of the same number changes its calibre."""
    maker, country = MAKERS[n % len(MAKERS)]
    kind, category = ("cartridges", "service") if n % 7 == 0 else ("firearm", "civilian")
    calibre = CALIBRES[(n + edition) % len(CALIBRES)]
    added = f"2020-01-{1 + n % 28:02d}"
    return f"GR-{n:06d},Model {n},{maker},{calibre},{kind},{category},{country},{added}"


def register_file(rows: int, second: bool = False) -> bytes:
    """The first version, or a second one: a tenth changed, a tenth gone, a tenth new."""
    tenth = max(1, rows // 10)
    if not second:
        lines = [row(n) for n in range(rows)]
    else:
        lines = [row(n, edition=1 if n < tenth else 0) for n in range(tenth * 2, rows)]
        lines += [row(n, edition=1) for n in range(tenth)]
        lines += [row(n) for n in range(rows, rows + tenth)]
    return "\n".join((HEADER, *lines)).encode() + b"\n"


def timed(db: Database, content: bytes, clock: Clock) -> tuple[float, object]:
    """Seconds to check and apply one register file, and what it changed."""
    with db.scoped() as session:
        began = time.perf_counter()
        plan = import_weapon_register(
            session, SystemActor("benchmark"), content, "register.csv", clock=clock
        )
        return time.perf_counter() - began, plan


def main() -> None:
    """Import a generated register, then a second version of it; print the times and rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="a few rows, for the test suite")
    args = parser.parse_args()
    rows = 20 if args.smoke else args.rows
    with tempfile.TemporaryDirectory() as tmp_name:
        db = Database(f"sqlite:///{Path(tmp_name) / 'register.sqlite3'}")
        upgrade(db.engine)
        clock = Clock()
        first, plan1 = timed(db, register_file(rows), clock)
        second, plan2 = timed(db, register_file(rows, second=True), clock)
        db.dispose()
    counts = (len(plan2.added), len(plan2.changed), len(plan2.removed))
    if len(plan1.added) != rows or counts != (max(1, rows // 10),) * 3:
        sys.exit(f"unexpected changes: {len(plan1.added)} then {counts}")
    print(f"rows:                            {rows:>12,}")
    print(f"first import (all added):        {first:>12.2f} s, {rows / first:>10,.0f} rows/s")
    print(f"second version ({counts[0]} added, {counts[1]} changed, {counts[2]} removed):")
    print(f"                                 {second:>12.2f} s, {rows / second:>10,.0f} rows/s")


if __name__ == "__main__":
    main()
