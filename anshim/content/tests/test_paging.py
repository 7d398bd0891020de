"""The shared paging helper and the pagination include, as every list page uses them."""

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from anshim.portal.paging import BadPage, paginate, query_without_page

rf = RequestFactory()


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "1.5", "²", "１", "9" * 40])
def test_malformed_page_numbers_are_refused(raw):
    with pytest.raises(BadPage, match="페이지 번호가 올바르지 않습니다."):
        paginate(rf.get("/", {"page": raw}), list(range(30)), 10)


def test_missing_or_blank_page_is_the_first():
    assert paginate(rf.get("/"), list(range(30)), 10).number == 1
    assert paginate(rf.get("/", {"page": " "}), list(range(30)), 10).number == 1


def test_page_past_the_end_is_404_but_an_empty_list_has_a_first_page():
    with pytest.raises(Http404, match="3쪽까지"):
        paginate(rf.get("/", {"page": "4"}), list(range(30)), 10)
    assert list(paginate(rf.get("/"), [], 10).object_list) == []


def test_query_without_page_drops_page_and_empty_values():
    request = rf.get("/", {"kind": "PRESS", "q": "", "page": "3", "district": ["11110", "11620"]})
    assert query_without_page(request) == "kind=PRESS&district=11110&district=11620"


def render_pagination(number: int, pages: int, query: str = "") -> str:
    request = rf.get("/notices/")
    page = paginate(rf.get("/", {"page": str(number)}), list(range(pages * 10)), 10)
    return render_to_string("portal/_pagination.html", {"page_obj": page, "query": query, "request": request})


def test_pagination_marks_the_current_page_and_keeps_the_query():
    html = render_pagination(5, 20, "kind=PRESS")
    assert 'href="/notices/?kind=PRESS&amp;page=5" aria-current="page"' in html
    assert 'href="/notices/?kind=PRESS&amp;page=4" rel="prev">이전' in html
    assert 'href="/notices/?kind=PRESS&amp;page=6" rel="next">다음' in html
    # Page 1 drops the page parameter; far pages fold into a gap.
    assert 'href="/notices/?kind=PRESS"' in html and "…" in html
    assert "page=12" not in html and "page=20" in html


def test_pagination_at_the_edges_and_when_one_page_is_enough():
    first = render_pagination(1, 3)
    assert 'href="/notices/" aria-current="page"' in first
    assert '<span class="muted">이전</span>' in first
    assert '<span class="muted">다음</span>' in render_pagination(3, 3)
    assert render_pagination(1, 1).strip() == ""
