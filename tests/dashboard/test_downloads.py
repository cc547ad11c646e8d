"""Downloads a spreadsheet user can open and start work on: the header on the first row, the file's
facts in X-Oversight headers and an XLSX About sheet, whole numbers, zeros, GSS codes beside names,
file names that say what they hold, and a review's downloads together as one ZIP."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from dashboard import registry

GOV = "social-work-governance"
EDI = "S12000036"
FACTS = ("X-Oversight-Title", "X-Oversight-As-Of", "X-Oversight-Last-Updated", "X-Oversight-Filters",
         "X-Oversight-Disclosure", "X-Oversight-Demonstration", "X-Oversight-Data-Version")


@pytest.fixture
def inspector(sign_in):
    return sign_in("inspector")


def test_every_download_reads_with_pandas_as_csv_and_as_xlsx(inspector):
    read = 0
    for name in registry.DOWNLOADS:
        query = f"review={GOV}&authority={EDI}&slide=1"
        csv = inspector.get(f"/download/{name}.csv?{query}")
        xlsx = inspector.get(f"/download/{name}.xlsx?{query}")
        assert csv.status_code == xlsx.status_code, name
        if csv.status_code == 404:
            continue
        assert csv.status_code == 200, (name, csv.status_code)
        frame = pd.read_csv(io.BytesIO(csv.data))  # no extra arguments: the header is the first line
        assert not frame.columns.str.startswith(("Review Oversight", "Data as of", "Unnamed")).any(), name
        sheets = pd.read_excel(io.BytesIO(xlsx.data), sheet_name=None)
        assert list(sheets) == ["Data", "About"], name
        assert list(sheets["Data"].columns) == list(frame.columns) and len(sheets["Data"]) == len(frame), name
        about = dict(zip(sheets["About"].Field, sheets["About"].Value))
        assert about["Data as of"] == "1 October 2024" and about["Demonstration data"].startswith("Yes"), name
        for resp in (csv, xlsx):
            assert all(resp.headers.get(h) for h in FACTS if h != "X-Oversight-Filters"), (name, resp.headers)
            assert resp.headers["X-Oversight-As-Of"] == "2024-10-01"
            assert resp.headers["X-Oversight-Demonstration"] == "true"
        read += 1
    assert read >= 20


def test_counts_are_whole_numbers_zero_is_0_and_every_authority_has_its_code(inspector):
    text = inspector.get(f"/download/themes-authorities.csv?review={GOV}").get_data(as_text=True)
    frame = pd.read_csv(io.StringIO(text))
    # One row per authority with its GSS code, and a column of counts per theme.
    assert list(frame.columns[:2]) == ["Authority", "GSS code"] and len(frame.columns) > 2
    counts = frame[frame.columns[2:]]
    assert len(frame) == 32 and frame.Authority.is_unique
    assert all(counts[c].dtype.kind == "i" for c in counts) and not counts.isna().any().any()
    assert (counts == 0).any().any(), "a theme never coded in an authority is 0, not blank"
    assert ".0," not in text and ".0\r" not in text and "<NA>" not in text and ",nan" not in text
    assert frame["GSS code"].str.match(r"S12\d{6}").all() and frame["GSS code"].is_unique
    rates = pd.read_csv(io.BytesIO(inspector.get(f"/download/surveys-rates.csv?review={GOV}").data))
    assert rates.loc[rates.Area == "Scotland", "GSS code"].tolist() == ["S92000003"]
    assert rates.Eligible.dtype.kind == "i" and rates.Responses.dtype.kind == "i"


def test_file_names_say_the_review_survey_as_of_date_and_demonstration(inspector):
    resp = inspector.get(f"/download/surveys-rates.xlsx?review={GOV}&survey=staff-survey")
    assert resp.headers["Content-Disposition"] == (
        f'attachment; filename="{GOV}-staff-survey-surveys-rates-2024-10-01-demonstration.xlsx"')
    other = inspector.get("/download/surveys-rates.csv?review=care-experienced-young-people")
    assert "care-experienced-young-people" in other.headers["Content-Disposition"]
    assert resp.headers["X-Oversight-Filters"] == f"review={GOV}&survey=staff-survey"


def test_a_reviews_data_comes_as_one_zip_of_tidy_csvs(sign_in):
    leader = sign_in("leader")
    resp = leader.get(f"/download/review/{GOV}.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{GOV}-all-data-2024-10-01-demonstration.zip"'
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    names = [n.split("/", 1)[1] for n in archive.namelist()]
    about = pd.read_csv(archive.open(archive.namelist()[0]))
    assert names[0] == "about.csv" and sorted(about.File) == sorted(names[1:])
    for prefix in ("overview-", "timeline-", "staff-survey-surveys-", "themes-"):
        assert any(prefix in n for n in names), prefix
    for member in archive.namelist()[1:]:
        frame = pd.read_csv(archive.open(member))
        standalone = about.loc[about.File == member.split("/", 1)[1]].iloc[0]
        assert len(frame.columns) > 0 and standalone.Review == "Social work governance and assurance review"
    assert leader.get("/download/review/no-such-review.zip").status_code == 404


def test_downloads_need_sign_in(client):
    for url in (f"/download/surveys-rates.xlsx?review={GOV}", f"/download/review/{GOV}.zip"):
        assert client.get(url).status_code == 401, url


def test_each_file_says_demonstration_only_for_a_demonstration_review(sign_in, seeded_db, tmp_path):
    from import_corpus.review_book import SLUG, set_up_review

    assert all(r.ok for r in set_up_review(seeded_db, tmp_path))
    client = sign_in("leader")
    real = client.get(f"/download/surveys-rates.xlsx?review={SLUG}")
    assert real.status_code == 200 and real.headers["X-Oversight-Demonstration"] == "false"
    assert "demonstration" not in real.headers["Content-Disposition"]
    about = pd.read_excel(io.BytesIO(real.data), sheet_name="About")
    assert dict(zip(about.Field, about.Value))["Demonstration data"] == "No"
    bundle = client.get(f"/download/review/{SLUG}.zip")
    assert bundle.status_code == 200 and "demonstration" not in bundle.headers["Content-Disposition"]
    assert not any("demonstration" in n for n in zipfile.ZipFile(io.BytesIO(bundle.data)).namelist())
    demo = client.get(f"/download/surveys-rates.csv?review={GOV}")
    assert demo.headers["X-Oversight-Demonstration"] == "true" and "-demonstration.csv" in \
        demo.headers["Content-Disposition"]
