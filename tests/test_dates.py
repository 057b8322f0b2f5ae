from datetime import date

from actorgraph.graph.extract.dates import find_dates, xsd_date
from actorgraph.graph.extract.lexicon import load_lexicon
from actorgraph.graph.extract.text import tokenize


def found(text, lang, published, forward=False):
    toks = tokenize(text)
    return [(xsd_date(d)) for d in find_dates(toks, 0, len(toks), load_lexicon(lang), published,
                                               future_hint=lambda i: forward)]


def test_indonesian_numeric_date():
    assert found("pada Jumat (30/5/2025) lalu", "id", date(2025, 5, 31)) == [("2025-05-30", "date")]


def test_month_year_is_month_precise():
    assert found("di Jenewa pada Juni 2021", "id", date(2025, 8, 6)) == [("2021-06", "gYearMonth")]
    assert found("in June 2021", "en", date(2025, 8, 6)) == [("2021-06", "gYearMonth")]


def test_bare_month_points_back_for_reports_and_forward_for_plans():
    assert found("visited Tehran in November", "en", date(2016, 1, 23)) == [("2015-11", "gYearMonth")]
    assert found("pada bulan Juni mendatang", "id", date(2025, 5, 28), forward=True) == [("2025-06", "gYearMonth")]


def test_weekdays_relative_to_publication():
    # 2016-01-23 is a Saturday
    assert found("said on Saturday", "en", date(2016, 1, 23)) == [("2016-01-23", "date")]
    assert found("met on Wednesday", "en", date(2016, 1, 23)) == [("2016-01-20", "date")]
    assert found("will meet on Thursday", "en", date(2016, 1, 14), forward=True) == [("2016-01-14", "date")]


def test_day_month_and_year_alone():
    assert found("on May 30 in Paris", "en", date(2016, 5, 15), forward=True) == [("2016-05-30", "date")]
    assert found("her 2010 visit", "en", date(2016, 3, 8)) == [("2010", "gYear")]
    assert found("tahun lalu", "id", date(2016, 3, 8)) == [("2015", "gYear")]
