"""Errors raised by the workflow engine; callers translate them for their own interface."""

from workflows.model import Blocker


class WorkflowError(Exception):
    """Base of every error the workflow engine raises."""

    code = "workflow_error"


class DefinitionError(WorkflowError):
    """A workflow definition is malformed (raised when it is loaded, never at run time)."""

    code = "invalid_definition"


class UnknownDefinition(WorkflowError):
    """No definition exists for that name and version."""

    code = "unknown_definition"


class UnknownAction(WorkflowError):
    """The action is not part of the definition at all."""

    code = "unknown_action"

    def __init__(self, action: str, definition: str):
        super().__init__(f"'{action}' is not an action of workflow {definition}")
        self.action = action


class ActionNotAvailable(WorkflowError):
    """The action exists but cannot be taken from the current state."""

    code = "invalid_state"

    def __init__(self, action: str, state: str, allowed_from: tuple[str, ...]):
        super().__init__(
            f"'{action}' is not possible in state '{state}' (only from: {', '.join(allowed_from)})"
        )
        self.action, self.state, self.allowed_from = action, state, allowed_from


class ActionForbidden(WorkflowError):
    """The actor's role (or firm) may not take this action."""

    code = "forbidden"

    def __init__(self, action: str, blockers: list[Blocker]):
        super().__init__("; ".join(b.message for b in blockers))
        self.action, self.blockers = action, blockers


class ActionBlocked(WorkflowError):
    """Guards refused the action; the blockers say exactly why."""

    code = "action_blocked"

    def __init__(self, action: str, blockers: list[Blocker]):
        super().__init__(f"'{action}' is blocked: " + "; ".join(b.message for b in blockers))
        self.action, self.blockers = action, blockers
