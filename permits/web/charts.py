"""Bar charts as SVG drawn on the server (no script, no network), with a text title."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 560, 220, 36


def bar_chart_svg(title: str, labels: list[str], values: list[float]) -> str:
    """A labelled vertical bar chart; an accessible image named by its title."""
    top = max(values, default=0) or 1
    slot = (WIDTH - 2 * PAD) / max(len(values), 1)
    # Its largest width is set in permits.css (svg.chart): the pages' CSP refuses style attributes.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" class="chart"><title>{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#4a5a68"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = (HEIGHT - 2 * PAD) * value / top
        x = PAD + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{height:.1f}" fill="#1d4f7a"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - PAD - height - 4:.1f}" '
            f'text-anchor="middle" font-size="12" fill="#14202b">{value:g}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - PAD + 16}" text-anchor="middle" '
            f'font-size="11" fill="#14202b">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
