"""Mermaid state diagrams generated from the definitions, never drawn by hand."""

from __future__ import annotations

from workflows.model import Definition


def mermaid(definition: Definition, current: str | None = None) -> str:
    """A mermaid ``stateDiagram-v2`` of the definition, highlighting ``current`` if given."""
    lines = ["stateDiagram-v2", f"    [*] --> {definition.initial}"]
    for t in definition.transitions:
        lines += [f"    {source} --> {t.dest}: {t.action}" for source in t.sources]
    lines += [f"    {state} --> [*]" for state in definition.final]
    if current is not None:
        lines += [
            "    classDef current fill:#ffd54f,stroke:#333,stroke-width:2px",
            f"    class {current} current",
        ]
    return "\n".join(lines) + "\n"
