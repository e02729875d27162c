"""An open information request: the officer's question, shown at the top of the application
with the action that answers it. Both are known from the actions' declared effects (``asks``,
``answers``), never from their names."""

from __future__ import annotations

from dataclasses import dataclass

from permits.audit.history import HistoryEntry
from workflows import ActionOption
from workflows.effects import application_effects


@dataclass(frozen=True)
class OpenRequest:
    """What was asked (the history entry, its reason the question), and the action that
    answers it when the reader may take it."""

    asked: HistoryEntry
    answer: ActionOption | None


def open_request(history: list[HistoryEntry], actions: list[ActionOption]) -> OpenRequest | None:
    """The request the application waits on: its last move was an asking action."""
    moves = [e for e in history if e.to_state and e.to_state != e.from_state]
    if not moves or not application_effects(moves[-1].action.partition(".")[2]).asks:
        return None
    return OpenRequest(moves[-1], next((o for o in actions if o.effects.answers), None))
