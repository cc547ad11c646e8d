"""The Themes page's sentences: ties, one, and suppression."""
import pandas as pd

from dashboard.pages.themes import panels as thp
from data_access.disclosure import SUPPRESSED


def freq(*rows):
    return pd.DataFrame([{"theme": t, "strengths": s, "improvements": i,
                          "total": s + i if SUPPRESSED not in (s, i) else SUPPRESSED} for t, s, i in rows])


def test_a_tie_at_the_top_names_both_themes():
    text = thp.frequency_summary(freq(("Leadership", 6, 4), ("Safety", 5, 5), ("Values", 1, 8)))
    assert text.startswith("Leadership and Safety are coded most often (10 times each);")


def test_one_time_is_singular_and_suppressed_counts_are_not_printed():
    assert thp.frequency_summary(freq(("Leadership", 1, 0))).startswith("Leadership is coded most often (1 time);")
    hidden = thp.frequency_summary(freq(("Leadership", SUPPRESSED, 4), ("Safety", 5, 5)))
    assert hidden.startswith("Leadership is coded most often;") and "c" not in hidden.split(";")[0].split()


def test_questions_and_cooccurrence_count_agree():
    q = pd.DataFrame({"question": ["Q1", "Q2"], "theme": ["A", "B"], "total": [1, 1]})
    assert thp.questions_summary(q) == "2 questions, 2 themes; Q1 and Q2 draw the most coding (1 time each)."
    co = pd.DataFrame({"theme_a": ["A", "A", "B"], "theme_b": ["B", "A", "B"], "combinations": [1, 3, 2]})
    assert "in 1 authority and evidence-source combination (" in thp.cooccurrence_summary(co)
