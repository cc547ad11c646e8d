"""The tables behind each chart: one function per dataset, used by the chart's table and its CSV.

Each takes (db, scope, params, as_of) and returns a DataFrame already scoped and, for roles that
need it, disclosure-controlled by data_access.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd

from data_access.db import Database
from data_access.scope import Scope

DATASETS: dict[str, Callable[[Database, Scope, dict, dt.date], pd.DataFrame]] = {}


def dataset(name: str):
    def wrap(fn):
        DATASETS[name] = fn
        return fn
    return wrap
