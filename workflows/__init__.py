"""State-machine definitions (data) and the engine that runs them.

Pure Python: this package imports neither Flask nor SQLAlchemy, so the rules can be read, tested
and diagrammed without a web app or a database.
"""

from workflows.definitions import REGISTRY, latest_version
from workflows.effects import Effects
from workflows.engine import ActionOption, Engine
from workflows.errors import (
    ActionBlocked,
    ActionForbidden,
    ActionNotAvailable,
    DefinitionError,
    UnknownAction,
    UnknownDefinition,
    WorkflowError,
)
from workflows.model import Actor, Blocker, Definition, TransitionSpec

__all__ = [
    "REGISTRY",
    "ActionBlocked",
    "ActionForbidden",
    "ActionNotAvailable",
    "ActionOption",
    "Actor",
    "Blocker",
    "Definition",
    "DefinitionError",
    "Effects",
    "Engine",
    "TransitionSpec",
    "UnknownAction",
    "UnknownDefinition",
    "WorkflowError",
    "latest_version",
]
