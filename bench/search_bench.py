"""Times 통합검색 over 10,000 documents in a throwaway SQLite database.

Documents are assembled from a few hundred analysed sentences (analysing 10,000 bodies
with Kiwi would take minutes and measures the indexer, not the query). The vocabulary is
small, so common words match thousands of documents: a pessimistic case for queries.
Prints the index build time and p50/p99 per query, including the highlighted first page.

    .venv/bin/python bench/search_bench.py [--docs 10000] [--repeat 30]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="anshim-search-bench-")
os.environ["ANSHIM_VAR_DIR"] = TMP
os.environ["ANSHIM_SQLITE_PATH"] = str(Path(TMP) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anshim.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from anshim.catalog import search as engine  # noqa: E402
from anshim.catalog.models import SearchDocument  # noqa: E402

TARGETS = ["청년", "중장년", "어르신", "여성", "1인가구", "대학생", "저소득 가구", "임차인", "50대 이상 1인 가구"]
SERVICES = [
    "병원 안심동행",
    "월세지원",
    "도어지킴이",
    "안심홈세트",
    "주택바우처",
    "방문건강관리",
    "마음상담",
    "이웃살피미",
    "안심마을 보안관",
    "긴급복지",
    "사회적관계망 지원",
    "요리교실",
    "AI·IoT 건강관리",
    "스마트 초인종",
    "가정용 CCTV",
    "법률상담",
    "일자리 연계",
    "자산형성 통장",
    "반려식물 키우기",
    "이동빨래방",
]
PLACES = ["관악구", "마포구", "동작구", "동대문구", "강서구", "노원구", "은평구", "송파구", "서울시 전역"]
TEMPLATES = [
    "{place}에 사는 {target}을 위한 {service} 사업입니다.",
    "{target}이 {service}을 신청하면 월 {n},000원을 지원합니다.",
    "{service} 신청은 {place} 1인가구지원센터나 포털에서 할 수 있습니다.",
    "혼자 사는 {target}의 안전과 건강을 위해 {service}를 운영합니다.",
    "{place} 주민센터에서 {service} 상담을 받을 수 있어요.",
    "매주 {n}회 {target} 대상 {service} 프로그램이 열립니다.",
    "{service} 이용 시간은 평일 07시부터 20시까지이며 주말은 예약제로 운영합니다.",
    "{target} {n}명을 선착순으로 모집하며 예산이 소진되면 마감합니다.",
]
QUERIES = [
    "병원동행",
    "병원 동행을",
    "월세",
    "1인 가구 안전",
    "도어지킴이",
    "마음상담",
    "이웃살피미",
    "청년 월세",
    "관악구 요리교실",
    "어르신 건강관리",
    "iot",
    "9,000원",
    "혼자 사는 어르신",
    "주택 바우처 신청",
    "보안관",
    "외로움",
    "일자리",
    "스마트 초인종 설치",
    "반려식물",
    "우주여행",
]


# The policies the seed names, and queries a resident might type for each with the
# titles that answer it (all must be found; one of them must come first).
POLICIES = [
    ("청년 월세지원", "만 19~39세 청년 1인가구의 월세를 매달 지원합니다."),
    ("역세권 청년주택", "역 가까이에 청년을 위한 임대주택을 공급합니다."),
    ("서울형 주택바우처", "저소득 임차가구에 월 임차료를 보조합니다."),
    ("1인가구 도어지킴이", "1인가구 안전을 위해 현관 보안 장비 설치를 지원합니다."),
    ("안심마을 보안관", "1인가구 밀집지역을 밤마다 순찰합니다."),
    ("여성1인가구 안심홈세트", "혼자 사는 여성에게 문열림 센서와 휴대용 비상벨을 드립니다."),
    ("병원 안심동행", "혼자 병원에 가기 어려운 분께 동행 매니저가 함께 갑니다."),
    ("AI·IoT 어르신 건강관리", "스마트 기기로 어르신의 건강을 살핍니다."),
    ("찾아가는 동주민센터 방문건강관리", "간호사가 집으로 찾아가 건강을 살핍니다."),
    ("서울형 기초보장제", "국민기초생활보장에서 빠진 저소득 가구에 생계급여를 드립니다."),
    ("서울형 긴급복지", "갑작스러운 위기에 놓인 가구에 생계비와 의료비를 지원합니다."),
    ("사회적관계망 지원", "이웃과 관계를 맺는 모임과 활동을 지원합니다."),
    ("마음상담", "우울하거나 외로운 1인가구에 전문 상담을 제공합니다."),
    ("이웃살피미", "주민이 고립된 이웃을 찾아 안부를 확인합니다."),
]
RECALL_CASES = [
    ("병원동행", "병원 안심동행"),
    ("병원 동행을", "병원 안심동행"),
    ("안심동행", "병원 안심동행"),
    ("월세", "청년 월세지원"),
    ("청년월세", "청년 월세지원"),
    ("1인 가구 안전", "1인가구 도어지킴이"),
    ("도어 지킴이", "1인가구 도어지킴이"),
    ("주택바우처", "서울형 주택바우처"),
    ("바우처", "서울형 주택바우처"),
    ("청년 주택", "역세권 청년주택"),
    ("보안관", "안심마을 보안관"),
    ("홈세트", "여성1인가구 안심홈세트"),
    ("여성 1인가구", "여성1인가구 안심홈세트"),
    ("iot", "AI·IoT 어르신 건강관리"),
    ("방문 건강", "찾아가는 동주민센터 방문건강관리"),
    ("건강 관리", ("AI·IoT 어르신 건강관리", "찾아가는 동주민센터 방문건강관리")),
    ("주민센터", "찾아가는 동주민센터 방문건강관리"),
    ("기초보장", "서울형 기초보장제"),
    ("긴급 복지", "서울형 긴급복지"),
    ("관계망", "사회적관계망 지원"),
    ("마음 상담", "마음상담"),
    ("살피미", "이웃살피미"),
    ("서울형", ("서울형 주택바우처", "서울형 기초보장제", "서울형 긴급복지")),
]


def measure_recall() -> None:
    """Recall of the portal queries above with and without joined forms and bigrams."""
    keep = (engine._joins, engine._span_bigrams)
    variants = {
        "morphemes + joined forms + bigrams": keep,
        "without bigrams": (keep[0], lambda text, span: iter(())),
        "without joined forms": (lambda span: iter(()), keep[1]),
        "morphemes only": (lambda span: iter(()), lambda text, span: iter(())),
    }
    print(f"\n{'analysis':<36} {'found':>7} {'first':>7} {'results/query':>14}")
    for label, (joins, bigrams) in variants.items():
        engine._joins, engine._span_bigrams = joins, bigrams
        engine.plan_query.cache_clear()
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(
            SearchDocument(
                kind="policy",
                object_id=n,
                title=title,
                body=body,
                url=f"/policies/{n}/",
                title_terms=" ".join(engine.document_terms(title)),
                body_terms=" ".join(engine.document_terms(body)),
            )
            for n, (title, body) in enumerate(POLICIES, start=1)
        )
        found = first = shown = 0
        for query, answer in RECALL_CASES:
            expected = {answer} if isinstance(answer, str) else set(answer)
            results = engine.search(query)
            titles = [hit.title for hit in results[: len(results)]] if not results.partial else []
            found += expected <= set(titles)
            first += bool(titles) and titles[0] in expected
            shown += len(titles)
        n = len(RECALL_CASES)
        print(f"{label:<36} {found:>3}/{n:<3} {first:>3}/{n:<3} {shown / n:>14.1f}")
    engine._joins, engine._span_bigrams = keep
    engine.plan_query.cache_clear()
    SearchDocument.objects.all().delete()
    print()


def build_documents(count: int, seed: int = 7) -> list[SearchDocument]:
    rng = random.Random(seed)
    sentences = sorted(
        {
            template.format(place=place, target=target, service=service, n=rng.randint(1, 9))
            for template in TEMPLATES
            for place in PLACES[:4]
            for target in TARGETS[:5]
            for service in rng.sample(SERVICES, 3)
        }
    )
    titles = sorted({f"{place} {target} {service}" for place in PLACES for target in TARGETS for service in SERVICES})
    started = time.perf_counter()
    sentence_terms = dict(zip(sentences, engine.document_terms_batch(sentences), strict=True))
    title_sample = rng.sample(titles, min(len(titles), 800))
    title_terms = dict(zip(title_sample, engine.document_terms_batch(title_sample), strict=True))
    print(
        f"analysed {len(sentences)} sentences and {len(title_sample)} titles in {time.perf_counter() - started:.1f} s"
    )
    documents = []
    for n in range(count):
        chosen = rng.sample(sentences, rng.randint(4, 12))
        title = rng.choice(title_sample)
        documents.append(
            SearchDocument(
                kind=engine.KINDS[n % len(engine.KINDS)],
                object_id=n + 1,
                title=title,
                body=" ".join(chosen),
                url=f"/bench/{n + 1}/",
                title_terms=" ".join(title_terms[title]),
                body_terms=" ".join(term for sentence in chosen for term in sentence_terms[sentence]),
            )
        )
    return documents


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    engine.get_kiwi()
    print(f"loaded Kiwi in {time.perf_counter() - started:.1f} s")
    measure_recall()
    SearchDocument.objects.bulk_create(build_documents(args.docs), batch_size=1000)

    started = time.perf_counter()
    index = engine.get_index()
    print(
        f"built index of {index.size:,} documents, {len(index.vocab):,} terms, "
        f"{index.postings:,} postings in {time.perf_counter() - started:.2f} s"
    )

    checks = []
    for _ in range(200):
        started = time.perf_counter()
        engine._signature()
        checks.append((time.perf_counter() - started) * 1000)
    print(f"freshness check (count + max(updated_at)): p50 {statistics.median(checks):.2f} ms")

    # One saved document: the next query reparses that row only and re-sorts the postings.
    changed = SearchDocument.objects.order_by("id").first()
    changed.save()
    started = time.perf_counter()
    engine.search("월세")
    print(f"first query after one document changed: {(time.perf_counter() - started) * 1000:.0f} ms")

    for query in QUERIES:  # warm the query-plan cache, as repeated queries are
        engine.search(query)[:12]
    timings: dict[str, list[float]] = {query: [] for query in QUERIES}
    for _ in range(args.repeat):
        for query in QUERIES:
            started = time.perf_counter()
            results = engine.search(query)
            results[:12]
            timings[query].append((time.perf_counter() - started) * 1000)
    everything = [t for values in timings.values() for t in values]
    print(f"\n{'query':<20} {'hits':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for query, values in timings.items():
        hits = engine.search(query).total
        print(f"{query:<20} {hits:>6} {statistics.median(values):>8.2f} {percentile(values, 0.99):>8.2f}")
    print(f"\nall queries: p50 {statistics.median(everything):.2f} ms, p99 {percentile(everything, 0.99):.2f} ms")

    engine.plan_query.cache_clear()
    cold = []
    for query in QUERIES:
        started = time.perf_counter()
        engine.search(query)[:12]
        cold.append((time.perf_counter() - started) * 1000)
    print(f"first time a query is seen (Kiwi analyses it): p50 {statistics.median(cold):.2f} ms")
    connection.close()


if __name__ == "__main__":
    main()
