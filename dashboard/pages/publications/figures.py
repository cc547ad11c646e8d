"""Pure builders for the Publications page: downloads by publication."""
from __future__ import annotations

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.palette import DARK_BLUE


def downloads_bar(table: pd.DataFrame) -> dict:
    """One bar per publication, in the table's order, labelled with its download count."""
    if table.empty:
        return empty_figure("No publications yet")
    labels = [f"{t} ({p.day} {p:%b %Y})" for t, p in zip(table.Title, table.Published)]
    return {"data": [{"type": "bar", "orientation": "h", "y": labels, "x": [int(v) for v in table.Downloads],
                      "text": [f"{int(v):,}" for v in table.Downloads], "textposition": "outside", "cliponaxis": False,
                      "marker": {"color": DARK_BLUE}, "name": "Downloads",
                      "hovertemplate": "%{y}: %{x:,} downloads<extra></extra>"}],
            "layout": base_layout(height=max(260, 34 * len(table) + 80), margin={"l": 10, "r": 70, "t": 10, "b": 40},
                                  xaxis={"title": {"text": "Downloads"}, "gridcolor": "#E5E5E5", "tickformat": ","},
                                  yaxis={"automargin": True, "autorange": "reversed", "fixedrange": True,
                                         "categoryorder": "array", "categoryarray": labels})}
