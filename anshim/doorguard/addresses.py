"""Addresses as the duplicate check compares them, and the "is this a Seoul address" test.

Pure Python (no Django): the same person typing "서울특별시 관악구 신림로 123, 101동 202호" and
"서울 관악구 신림로123 101동 202호" must hit the same key, so the key drops the city prefix,
spaces and punctuation and folds full-width characters (NFKC). It is a comparison key, never shown.
"""

from __future__ import annotations

import re
import unicodedata

from anshim.geo.districts import BY_NAME

_SEOUL_PREFIXES = ("서울특별시", "서울시", "서울")
# 시·도 names (and their short forms) that mark an address outside Seoul.
OTHER_REGIONS = (
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "경기",
    "강원",
    "충북",
    "충청북도",
    "충남",
    "충청남도",
    "전북",
    "전라북도",
    "전남",
    "전라남도",
    "경북",
    "경상북도",
    "경남",
    "경상남도",
    "제주",
)
_DROP = re.compile(r"[\s,.·()\[\]{}'\"]+")


def _fold(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw or "").strip()


def address_key(raw: str) -> str:
    """The comparison key of an address: no 서울 prefix, no spaces or punctuation, lower case."""
    text = _fold(raw)
    for prefix in _SEOUL_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return _DROP.sub("", text).lower()


def person_key(name: str, birth_date_iso: str) -> str:
    """One person across channels (online or on paper): the name without spaces and the birth date."""
    return f"{_DROP.sub('', _fold(name))}|{birth_date_iso}"


def seoul_address_problem(raw: str, district_name: str) -> str | None:
    """Why ``raw`` is not an address in ``district_name`` (a Korean sentence), or None when it is.

    An address naming another 시·도 is outside Seoul; one naming a different 자치구 than the one
    chosen is refused too, because the district decides who reviews it and which quota it counts in.
    """
    text = _fold(raw)
    if len(_DROP.sub("", text)) < 5:
        return "주소를 도로명과 건물번호까지 입력해 주세요."
    first = text.split()[0] if text.split() else ""
    if any(first.startswith(region) for region in OTHER_REGIONS):
        return f"서울시 밖의 주소입니다({first}). 서울시에 사는 1인가구만 신청할 수 있습니다."
    compact = _DROP.sub("", text)
    named = [name for name in BY_NAME if name in compact]
    # "중구" is also the tail of other names only outside Seoul; inside Seoul names do not overlap.
    if named and district_name not in named:
        return f"주소의 자치구({named[0]})가 선택한 자치구({district_name})와 다릅니다."
    return None
