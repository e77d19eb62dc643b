"""Small inline-SVG charts for the self-contained HTML report (no plotting dependency)."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, MARGIN = 520, 300, 48
PALETTE = ("#3b6ea5", "#d9822b", "#4c9a5b", "#b5485d")


def _frame(body: list[str], title: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
            f'<title>{escape(title)}</title>'
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14" '
            f'font-weight="bold">{escape(title)}</text>' + "".join(body) + "</svg>")


def _axes(x_label: str, y_label: str) -> list[str]:
    bottom, right = HEIGHT - MARGIN, WIDTH - 16
    parts = [f'<line x1="{MARGIN}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
             f'<line x1="{MARGIN}" y1="30" x2="{MARGIN}" y2="{bottom}" stroke="#333"/>',
             f'<text x="{(MARGIN + right) / 2}" y="{HEIGHT - 8}" text-anchor="middle" '
             f'font-size="12">{escape(x_label)}</text>',
             f'<text x="12" y="{(30 + bottom) / 2}" font-size="12" text-anchor="middle" '
             f'transform="rotate(-90 12 {(30 + bottom) / 2})">{escape(y_label)}</text>']
    for tick in (0.0, 0.5, 1.0):
        y = bottom - tick * (bottom - 30)
        parts.append(f'<text x="{MARGIN - 4}" y="{y + 4}" font-size="10" '
                     f'text-anchor="end">{tick:.1f}</text>')
    return parts


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]]) -> str:
    """Grouped bars, values in 0..1 (one group per category, one bar per series)."""
    bottom, plot_h = HEIGHT - MARGIN, HEIGHT - MARGIN - 30
    group_w = (WIDTH - MARGIN - 16) / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    body = _axes("category", "accuracy")
    for c, category in enumerate(categories):
        x0 = MARGIN + c * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series.items()):
            height = values[c] * plot_h
            body.append(f'<rect x="{x0 + s * bar_w:.1f}" y="{bottom - height:.1f}" '
                        f'width="{bar_w * 0.95:.1f}" height="{height:.1f}" '
                        f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)} '
                        f'{escape(category)}: {values[c]:.1%}</title></rect>')
        body.append(f'<text x="{x0 + group_w * 0.4:.1f}" y="{bottom + 14}" font-size="10" '
                    f'text-anchor="middle">{escape(category[:18])}</text>')
    body += _legend(list(series))
    return _frame(body, title)


def _legend(names: list[str]) -> list[str]:
    """Top right, on a white box so that it stays readable over the bars."""
    box = (f'<rect x="{WIDTH - 156}" y="26" width="150" height="{16 * len(names) + 6}" '
           f'fill="#fff" fill-opacity="0.9" stroke="#ccc"/>')
    return [box] + [f'<rect x="{WIDTH - 150}" y="{30 + 16 * i}" width="10" height="10" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/><text x="{WIDTH - 136}" y="{39 + 16 * i}" '
            f'font-size="11">{escape(name[:20])}</text>' for i, name in enumerate(names)]


def heatmap(title: str, labels: list[str], counts: list[list[int]]) -> str:
    """A confusion matrix: rows gold, columns predicted, darker = more cases."""
    cell, left, top = 92, 130, 60
    peak = max((max(row) for row in counts), default=0) or 1
    body = [f'<text x="{left + cell * len(labels) / 2}" y="44" font-size="12" '
            f'text-anchor="middle">predicted</text>']
    for j, label in enumerate(labels):
        body.append(f'<text x="{left + j * cell + cell / 2}" y="{top - 4}" font-size="10" '
                    f'text-anchor="middle">{escape(label)}</text>')
    for i, row in enumerate(counts):
        body.append(f'<text x="{left - 6}" y="{top + i * cell + cell / 2 + 4}" font-size="10" '
                    f'text-anchor="end">gold {escape(labels[i])}</text>')
        for j, count in enumerate(row):
            shade = int(235 - 180 * count / peak)
            body.append(f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell}" '
                        f'height="{cell}" fill="rgb({shade},{shade + 10},250)" stroke="#fff"/>'
                        f'<text x="{left + j * cell + cell / 2}" '
                        f'y="{top + i * cell + cell / 2 + 5}" font-size="13" '
                        f'text-anchor="middle">{count}</text>')
    size = left + cell * len(labels) + 20
    return _frame(body, title, width=size, height=top + cell * len(labels) + 20)


def scatter(title: str, x_label: str, y_label: str,
            series: dict[str, list[tuple[float, float]]], diagonal: bool = False,
            x_max: float = 1.0) -> str:
    """Points (x in 0..x_max, y in 0..1) per series; `diagonal` draws perfect calibration."""
    bottom, right, plot_h = HEIGHT - MARGIN, WIDTH - 16, HEIGHT - MARGIN - 30
    x_max = x_max or 1.0

    def at(x: float, y: float) -> tuple[float, float]:
        return MARGIN + x / x_max * (right - MARGIN), bottom - y * plot_h

    body = _axes(x_label, y_label)
    body.append(f'<text x="{right}" y="{bottom + 14}" font-size="10" text-anchor="end">'
                f'{x_max:.3g}</text>')
    if diagonal:
        (x1, y1), (x2, y2) = at(0, 0), at(x_max, 1)
        body.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#999" '
                    f'stroke-dasharray="4"/>')
    for s, (name, points) in enumerate(series.items()):
        for x, y in points:
            px, py = at(x, y)
            body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" '
                        f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)}: '
                        f'({x:.3g}, {y:.1%})</title></circle>')
    body += _legend(list(series))
    return _frame(body, title)
