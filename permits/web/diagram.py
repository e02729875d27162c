"""A workflow definition drawn as SVG on the server, its current state highlighted: no script,
no network, readable by screen readers (a title and a text list go with it)."""

from __future__ import annotations

from html import escape

from workflows import Definition

BOX_W, BOX_H, GAP_X, GAP_Y = 150, 34, 40, 46


def _layout(definition: Definition) -> dict[str, tuple[int, int]]:
    """States in rows: each state one row below the first state that leads to it."""
    depth = {definition.initial: 0}
    for _ in definition.states:
        for t in definition.transitions:
            for source in t.sources:
                if source in depth and t.dest not in depth:
                    depth[t.dest] = depth[source] + 1
    rows: dict[int, list[str]] = {}
    for state in definition.states:
        rows.setdefault(depth.get(state, max(depth.values()) + 1), []).append(state)
    return {
        state: (10 + col * (BOX_W + GAP_X), 10 + row * (BOX_H + GAP_Y))
        for row, states in rows.items()
        for col, state in enumerate(states)
    }


def workflow_svg(definition: Definition, current: str, labels: dict[str, str] | None = None) -> str:
    """The definition as an SVG image with the current state filled."""
    labels = labels or {}
    at = _layout(definition)
    width = max(x for x, _ in at.values()) + BOX_W + 10
    height = max(y for _, y in at.values()) + BOX_H + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="wf-title"><title id="wf-title">'
        f"{escape(labels.get('title', definition.description))}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4a5a68"/>'
        "</marker></defs>",
    ]
    for t in definition.transitions:
        for source in t.sources:
            (x1, y1), (x2, y2) = at[source], at[t.dest]
            parts.append(
                f'<line x1="{x1 + BOX_W / 2}" y1="{y1 + BOX_H}" x2="{x2 + BOX_W / 2}" '
                f'y2="{y2}" stroke="#8a99a6" stroke-width="1" marker-end="url(#arrow)"/>'
            )
    for state, (x, y) in at.items():
        here = state == current
        fill, ink = ("#1d4f7a", "#ffffff") if here else ("#ffffff", "#14202b")
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
            f'stroke="#1d4f7a" stroke-width="{3 if here else 1}"/>'
            f'<text x="{x + BOX_W / 2}" y="{y + 22}" text-anchor="middle" font-size="13" '
            f'fill="{ink}">{escape(labels.get(state, state.replace("_", " ")))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
