"""The 32 authorities, their codes and family groups, and the names people write for them."""
import pytest

from data_access.reference import AUTHORITIES, AUTHORITY_BY_CODE, SHORT_NAMES, resolve_authority

# Straight from SPEC section 2 (authoritative for the project).
SPEC_TABLE = """Aberdeen City S12000033 1|Aberdeenshire S12000034 1|Angus S12000041 2|Argyll and Bute S12000035 2|
City of Edinburgh S12000036 1|Clackmannanshire S12000005 3|Dumfries and Galloway S12000006 3|Dundee City S12000042 4|
East Ayrshire S12000008 4|East Dunbartonshire S12000045 1|East Lothian S12000010 2|East Renfrewshire S12000011 1|
Falkirk S12000014 3|Fife S12000047 3|Glasgow City S12000049 4|West Dunbartonshire S12000039 4|Highland S12000017 2|
Inverclyde S12000018 4|Midlothian S12000019 2|Moray S12000020 2|Na h-Eileanan Siar S12000013 4|
North Ayrshire S12000021 4|North Lanarkshire S12000050 4|Orkney Islands S12000023 1|Perth and Kinross S12000048 1|
Renfrewshire S12000038 3|Scottish Borders S12000026 2|Shetland Islands S12000027 1|South Ayrshire S12000028 3|
South Lanarkshire S12000029 3|Stirling S12000030 2|West Lothian S12000040 3"""


def spec_rows():
    for item in SPEC_TABLE.replace("\n", "").split("|"):
        name, code, fg = item.rsplit(" ", 2)
        yield name, code, int(fg)


def test_there_are_32_authorities_with_unique_codes_names_and_tiles():
    assert len(AUTHORITIES) == 32
    assert len({a.gss_code for a in AUTHORITIES}) == 32
    assert len({a.name for a in AUTHORITIES}) == 32
    assert len({(a.tile_col, a.tile_row) for a in AUTHORITIES}) == 32, "two authorities share a map tile"
    assert set(SHORT_NAMES) == set(AUTHORITY_BY_CODE) and len(set(SHORT_NAMES.values())) == 32


@pytest.mark.parametrize("name,code,family_group", list(spec_rows()))
def test_codes_and_family_groups_match_the_spec(name, code, family_group):
    a = AUTHORITY_BY_CODE[code]
    assert (a.name, a.family_group) == (name, family_group)


def test_tile_map_keeps_north_north_and_west_west():
    by_name = {a.name: a for a in AUTHORITIES}
    assert by_name["Shetland Islands"].tile_row < by_name["Orkney Islands"].tile_row < by_name["Highland"].tile_row
    assert (by_name["Highland"].tile_row < by_name["City of Edinburgh"].tile_row
            < by_name["Dumfries and Galloway"].tile_row)
    assert by_name["Na h-Eileanan Siar"].tile_col < by_name["Aberdeen City"].tile_col
    assert by_name["Glasgow City"].tile_col < by_name["City of Edinburgh"].tile_col


@pytest.mark.parametrize("text,code", [
    ("S12000015", "S12000047"), ("S12000046", "S12000049"), ("S12000044", "S12000050"), ("S12000024", "S12000048"),
    ("Edinburgh", "S12000036"), ("  city of EDINBURGH ", "S12000036"), ("Comhairle nan Eilean Siar", "S12000013"),
    ("Western Isles", "S12000013"), ("Perth & Kinross", "S12000048"), ("Fife Council", "S12000047"),
    ("s12000033", "S12000033"),
])
def test_common_variants_resolve_to_current_codes(text, code):
    assert resolve_authority(text) == code


@pytest.mark.parametrize("text", ["Edinbrugh", "", "S12000099", "Scotland", None])
def test_unknown_authorities_do_not_resolve(text):
    assert resolve_authority(text) is None


def test_the_one_pluralising_helper():
    from data_access.reference import in_words, join_names, plural, word_for

    assert plural(1, "day") == "1 day" and plural(2, "day") == "2 days" and plural(0, "day") == "0 days"
    assert plural(1, "authority") == "1 authority" and plural(3, "authority") == "3 authorities"
    assert plural(1032, "document") == "1,032 documents" and plural(0, "milestone", zero="no") == "no milestones"
    assert plural(1, "percentage point") == "1 percentage point"
    assert word_for(1, "is") == "is" and word_for(0, "is") == "are" and word_for(2, "has") == "have"
    assert join_names(["Fife"]) == "Fife" and join_names(["Fife", "Angus"]) == "Fife and Angus"
    assert join_names(["Fife", "Angus", "Moray", "Fife"]) == "Fife, Angus and Moray" and join_names([]) == ""
    assert in_words(4) == "four" and in_words(32) == "32"
