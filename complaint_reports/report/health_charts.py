# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Charts of the printed health report, as inline SVG.

wkhtmltopdf draws SVG itself: no plotting library, no image files, and the
text stays sharp and selectable in the PDF.
"""

import math

from markupsafe import Markup, escape

FONT = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', sans-serif"
BAR = "#2E7D32"
LINE = "#F57C00"
GRID = "#E0E0E0"
TEXT = "#424242"


def _nice_top(peak, ticks=4):
    """A round maximum for the axis and its step (1, 2 or 5 times 10^n)."""
    raw = max(peak, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    return step * math.ceil(max(peak, 1) / step), step


def _text(x, y, value, size=10, anchor="middle", color=TEXT, weight="normal"):
    return Markup(
        '<text x="%.1f" y="%.1f" font-size="%s" text-anchor="%s" fill="%s"'
        ' font-weight="%s" font-family="%s">%s</text>'
    ) % (x, y, size, anchor, color, weight, FONT, escape(value))


def daily_chart(days, counts, closed, legend, width=940, height=250):
    """Columns of ``counts`` per day and a line of ``closed``.

    ``days`` are dates, ``legend`` the two series names.
    """
    left, right, top, bottom = 34, 12, 26, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _nice_top(max([*counts, *closed, 0]))
    count = max(len(days), 1)
    slot = plot_w / count

    def y(value):
        return top + plot_h - plot_h * value / top_value

    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s"'
            ' viewBox="0 0 %s %s">'
        )
        % (width, height, width, height)
    ]
    for tick in range(0, int(top_value) + 1, int(step)):
        parts.append(
            Markup(
                '<line x1="%s" y1="%.1f" x2="%s" y2="%.1f" stroke="%s"'
                ' stroke-width="1"/>'
            )
            % (left, y(tick), width - right, y(tick), GRID)
        )
        parts.append(_text(left - 5, y(tick) + 3.5, str(tick), 9, "end"))
    for index, (day, value) in enumerate(zip(days, counts, strict=True)):
        x = left + index * slot
        if value:
            parts.append(
                Markup(
                    '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"'
                    ' fill="%s" rx="1"/>'
                )
                % (x + slot * 0.15, y(value), slot * 0.7, y(0) - y(value), BAR)
            )
        if index % 5 == 0 or index == count - 1:
            parts.append(
                _text(x + slot / 2, height - bottom + 14, day.strftime("%m-%d"), 9)
            )
    points = " ".join(
        f"{left + (index + 0.5) * slot:.1f},{y(value):.1f}"
        for index, value in enumerate(closed)
    )
    if points:
        parts.append(
            Markup('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>')
            % (points, LINE)
        )
    # Legend, top right.
    x = width - right - 230
    parts.append(
        Markup('<rect x="%s" y="6" width="12" height="12" fill="%s"/>') % (x, BAR)
    )
    parts.append(_text(x + 17, 16, legend[0], 10, "start"))
    x += 115
    parts.append(
        Markup('<line x1="%s" y1="12" x2="%s" y2="12" stroke="%s" stroke-width="2"/>')
        % (x, x + 14, LINE)
    )
    parts.append(_text(x + 19, 16, legend[1], 10, "start"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def bar_chart(rows, width=940, row_height=24, label_width=200):
    """Horizontal bars of (label, value, share %) rows, largest first."""
    if not rows:
        return Markup("")
    height = row_height * len(rows) + 8
    peak = max(value for _label, value, _share in rows) or 1
    plot_w = width - label_width - 90
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s"'
            ' viewBox="0 0 %s %s">'
        )
        % (width, height, width, height)
    ]
    for index, (label, value, share) in enumerate(rows):
        y = 4 + index * row_height
        bar_w = max(plot_w * value / peak, 1)
        parts.append(_text(label_width - 8, y + row_height * 0.65, label, 10, "end"))
        parts.append(
            Markup(
                '<rect x="%s" y="%.1f" width="%.1f" height="%.1f" fill="%s" rx="2"/>'
            )
            % (label_width, y + 3, bar_w, row_height - 8, BAR)
        )
        parts.append(
            _text(
                label_width + bar_w + 6,
                y + row_height * 0.65,
                f"{value:,} ({share:.0f} %)",
                10,
                "start",
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
