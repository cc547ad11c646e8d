"""Table rows that name an authority link to its profile, for a caller who may open that profile only."""
from __future__ import annotations

import pandas as pd
from accounts import EDINBURGH, OTHER_CODE

from dashboard.ui.tables import PROFILE_FIELD, PROFILE_RENDERER, column_defs, link_profiles, records
from data_access.reference import AUTHORITY_BY_CODE
from data_access.scope import Scope

EDINBURGH_NAME = AUTHORITY_BY_CODE[EDINBURGH].name
GLASGOW_NAME = AUTHORITY_BY_CODE[OTHER_CODE].name


def _linked(frame: pd.DataFrame, scope: Scope) -> tuple[list[dict], list[dict]]:
    rows, columns = records(frame), column_defs(frame)
    link_profiles(frame, rows, columns, scope)
    return rows, columns


def _frame(name_column="Authority", with_code=True) -> pd.DataFrame:
    data = {name_column: [EDINBURGH_NAME, GLASGOW_NAME, "Scotland"], "Responses": [10, 20, 30]}
    if with_code:
        data["GSS code"] = [EDINBURGH, OTHER_CODE, ""]
    return pd.DataFrame(data)


def test_named_roles_get_a_link_on_every_authority_row_and_none_on_scotland():
    for role in ("admin", "leader", "inspector"):
        rows, columns = _linked(_frame(), Scope(role))
        assert [r.get(PROFILE_FIELD) for r in rows] == [
            f"/local-authorities/{EDINBURGH}", f"/local-authorities/{OTHER_CODE}", None]
        assert next(c for c in columns if c["field"] == "Authority")["cellRenderer"] == PROFILE_RENDERER


def test_a_coordinator_gets_a_link_to_their_own_authority_only():
    rows, _ = _linked(_frame(), Scope("coordinator", EDINBURGH))
    assert [r.get(PROFILE_FIELD) for r in rows] == [f"/local-authorities/{EDINBURGH}", None, None]
    rows, columns = _linked(_frame(), Scope("coordinator", "S12000027"))
    assert all(PROFILE_FIELD not in r for r in rows)
    assert all("cellRenderer" not in c for c in columns)


def test_a_presenter_never_gets_a_link():
    rows, columns = _linked(_frame(), Scope("presenter"))
    assert all(PROFILE_FIELD not in r for r in rows) and all("cellRenderer" not in c for c in columns)


def test_tables_without_a_code_column_link_by_official_name_and_other_columns_are_left_alone():
    rows, columns = _linked(_frame("Area", with_code=False), Scope("inspector"))
    assert [r.get(PROFILE_FIELD) for r in rows] == [
        f"/local-authorities/{EDINBURGH}", f"/local-authorities/{OTHER_CODE}", None]
    rows, columns = _linked(_frame("Theme", with_code=False), Scope("inspector"))
    assert all(PROFILE_FIELD not in r for r in rows) and all("cellRenderer" not in c for c in columns)
