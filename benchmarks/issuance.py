"""Permit issuance: ``approve`` end to end vs bare reportlab render + pyHanko sign, on SQLite.

    python benchmarks/issuance.py [--n 40]

Each round prepares an application up to awaiting_decision (untimed), then times the approval
through the service layer: guards, numbering, rendering, signing, storing the PDF, the audit
event and the commit. The floor, measured in the same run, renders and signs the very same
permit with nothing around it. Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from lifecycle import prepare

from documents.permit_pdf import render_permit
from permits.domain.clock import Clock
from permits.models import Application
from permits.services.applications import create_application, perform_action
from permits.services.demo_data import application, goods
from permits.services.issuance import PermitIssuer
from permits.services.permit_text import permit_data
from permits.services.runtime import Runtime
from permits.services.sample_documents import accept_all_documents, attach_sample_checklist


def awaiting_decision(runtime: Runtime, users, i: int) -> int:
    """An application ready for the approver's decision (untimed)."""
    form = application("import", goods=[goods("686 Silver Pigeon I", 2, f"B{i}-")])
    with runtime.database.scoped() as session:
        app_id = create_application(session, users["clerk"], form).id
        attach_sample_checklist(session, users["clerk"], app_id, runtime.intake, runtime.clock)
        perform_action(session, users["head"], app_id, "submit", runtime=runtime)
        perform_action(session, users["officer"], app_id, "accept", runtime=runtime)
        accept_all_documents(session, users["officer"], app_id, runtime.clock)
        perform_action(session, users["officer"], app_id, "recommend",
                       recommendation="approve", reason="complete", runtime=runtime)  # fmt: skip
    return app_id


def bare(db, issuer: PermitIssuer, clock: Clock, app_id: int, i: int) -> float:
    """Seconds to render and sign the same permit with nothing around it.

    Uses a number of the same length as the real one. The caller alternates which of the two
    runs first, since whichever runs second finds the same permit's work warm in the caches.
    """
    with db.scoped() as session:
        app = session.get(Application, app_id)
        start = clock.today()
        number = f"KZ-IMP-{start.year}-{i + 1:06d}"
        url = f"https://permits.example/verify/{number}?t={'x' * 32}"
        data = permit_data(session, app, number, start, start + timedelta(days=179), url)
        began = time.perf_counter()
        issuer.signer.sign(render_permit(data), "Approver", clock.now())
        return time.perf_counter() - began


def main() -> None:
    """Alternate approvals and bare render+sign; print medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="approvals measured")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runtime, users, _ = prepare(Path(tmp) / "db")
        db, issuer = runtime.database, runtime.issuer()
        approve_times, bare_times = [], []
        for i in range(args.n + 3):
            app_id = awaiting_decision(runtime, users, i)
            floor = bare(db, issuer, runtime.clock, app_id, i) if i % 2 else None
            with db.scoped() as session:
                began = time.perf_counter()
                perform_action(session, users["approver"], app_id, "approve", runtime=runtime)
                elapsed = time.perf_counter() - began
            floor = floor if floor is not None else bare(db, issuer, runtime.clock, app_id, i)
            if i >= 3:  # the first rounds warm caches and fonts
                approve_times.append(elapsed)
                bare_times.append(floor)
        db.dispose()
    approve, floor = statistics.median(approve_times), statistics.median(bare_times)
    print(f"approvals measured:                 {args.n}")
    print(f"approve end to end (median):        {1000 * approve:7.1f} ms")
    print(f"bare render + sign (median):        {1000 * floor:7.1f} ms")
    print(f"ratio approve / bare:               {approve / floor:7.2f}  (target <= 1.3)")


if __name__ == "__main__":
    sys.exit(main())
