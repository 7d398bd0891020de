"""The English language switch: a complete catalogue, English pages, and the switch in a browser.

The catalogue's msgids are the Korean source strings, so a string added to a template but not
to ``locale/en/LC_MESSAGES/django.po`` would silently stay Korean on the English site.
"""

import ast
import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.template.base import Lexer, TokenType
from django.utils.translation import trim_whitespace
from playwright.sync_api import expect

from anshim.catalog.choices import Category
from anshim.catalog.tests.factories import PolicyFactory
from anshim.geo.models import District

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
TEMPLATE_ROOT = Path(settings.BASE_DIR) / "anshim"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")

# The menu every page shares, in English.
MENU = ["About", "Support policies", "Programmes", "Map", "Notices", "Tips for living alone"]
PAGES = {
    "/": "Seoul: a safe place to live alone",
    "/policies/": "Support policies",
    "/programs/": "Programmes",
    "/map/": "Map",
    "/notices/": "Notices",
    "/tips/": "Tips for living alone",
    "/faq/": "FAQ",
    "/about/": "About",
}


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogue():
    """Compile the catalogue once when the .mo is missing or older than the .po, then make the
    process forget catalogues it may already have loaded without it."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "node_modules"], verbosity=0)
        setting_changed.send(sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True)


# --- The catalogue file ----------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def read_catalogue(path: Path = PO_FILE) -> list[dict]:
    """Entries of a .po file as dicts: ``flags``, ``msgid``, optional ``msgid_plural``,
    ``msgstr`` or ``msgstr[N]``. Obsolete (``#~``) entries are skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry[field] += _unquote(line)
            else:
                field, _, rest = line.partition(" ")
                entry[field] = _unquote(rest)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_catalogue_has_a_header_for_english_with_two_plural_forms():
    header = read_catalogue()[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_every_message_is_translated_and_none_is_fuzzy():
    messages = read_catalogue()[1:]
    assert len(messages) > 300
    untranslated = [m["msgid"] for m in messages if not all(s.strip() for s in translations(m))]
    fuzzy = [m["msgid"] for m in messages if "fuzzy" in m["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plurals = [m for m in messages if "msgid_plural" in m]
    assert plurals, "the list counts use plural forms"
    assert all(set(m) >= {"msgstr[0]", "msgstr[1]"} for m in plurals)


def test_translations_keep_every_placeholder():
    broken = []
    for message in read_catalogue()[1:]:
        wanted = sorted(PLACEHOLDER.findall(message["msgid"]))
        for text in translations(message):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                broken.append((message["msgid"], text))
    assert broken == []


def test_translations_are_english():
    # Korean may remain only where the text quotes what a person types (search examples,
    # spreadsheet values such as '예' or 관악구) and in the language name "한국어", which the
    # switch shows in its own language.
    quoted = re.compile(r"'[^']*'|‘[^’]*’|e\.g\. [^).]*")
    leftovers = {
        m["msgid"]: text
        for m in read_catalogue()[1:]
        for text in translations(m)
        if HANGUL.search(quoted.sub("", text)) and m["msgid"] != "한국어"
    }
    assert leftovers == {}
    by_id = {m["msgid"]: m for m in read_catalogue()[1:]}
    assert by_id["한국어"]["msgstr"] == "한국어"
    assert by_id["English"]["msgstr"] == "English"


def test_fixed_vocabulary():
    by_id = {m["msgid"]: m.get("msgstr") for m in read_catalogue()[1:]}
    expected = {
        "지원제도": "Support policies",
        "참여프로그램": "Programmes",
        "위치정보": "Map",
        "알림마당": "Notices",
        "알쓸1잡": "Tips for living alone",
        "사업소개": "About",
        "자주 묻는 질문": "FAQ",
        "통합검색": "Search",
        "1인가구지원센터": "Single-Person Household Support Centre",
        "자치구": "District",
        "서울시": "Seoul",
        "안전": "Safety",
        "주거": "Housing",
        "경제·일자리": "Economy & jobs",
        "외로움": "Loneliness",
        "질병": "Health",
        "모집예정": "Opening soon",
        "모집중": "Open",
        "마감": "Closed",
        "프로그램": "Programme",
        "행사": "Event",
        "상담": "Counselling",
        "소모임": "Small group",
        "20대 이하": "20s and under",
        "20~30대": "20s–30s",
        "40~50대": "40s–50s",
        "60대 이상": "60 and over",
        "서울 1인가구 포털": "Seoul Single-Person Household Portal",
        "안심": "Anshim",
    }
    assert {k: by_id.get(k) for k in expected} == expected


# --- Every template string is in the catalogue -----------------------------------------------

INLINE_TRANS = re.compile(r"""^(?:trans|translate)\s+("[^"]*"|'[^']*')""")
BLOCK_TRANS = re.compile(r"^(?:blocktrans|blocktranslate)\b")
END_BLOCK_TRANS = re.compile(r"^end(?:blocktrans|blocktranslate)$")
UNDERSCORE = re.compile(r"""_\(\s*("[^"]*"|'[^']*')\s*\)""")


def template_messages(path: Path) -> set[str]:
    """Msgids a template produces, found the way ``makemessages`` finds them: inline trans tags,
    ``_("…")`` in tags and variables, and blocktrans bodies with ``{{ var }}`` as ``%(var)s``."""
    found: set[str] = set()
    in_comment = in_block = False
    trimmed = False
    parts: list[list[str]] = []
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        contents = token.contents.strip()
        if in_comment:
            in_comment = not (token.token_type == TokenType.BLOCK and contents == "endcomment")
        elif in_block:
            if token.token_type == TokenType.BLOCK and END_BLOCK_TRANS.match(contents):
                for text in parts:
                    joined = "".join(text)
                    found.add(trim_whitespace(joined) if trimmed else joined)
                in_block = False
            elif token.token_type == TokenType.BLOCK and contents == "plural":
                parts.append([])
            elif token.token_type == TokenType.VAR:
                parts[-1].append(f"%({contents})s")
            elif token.token_type == TokenType.TEXT:
                parts[-1].append(token.contents.replace("%", "%%"))
        elif token.token_type == TokenType.BLOCK:
            if contents == "comment":
                in_comment = True
            elif match := INLINE_TRANS.match(contents):
                found.add(match.group(1)[1:-1].replace("%", "%%"))
            elif BLOCK_TRANS.match(contents):
                in_block, trimmed, parts = True, " trimmed" in f" {contents} ", [[]]
            found.update(m[1:-1] for m in UNDERSCORE.findall(contents))
        elif token.token_type == TokenType.VAR:
            found.update(m[1:-1] for m in UNDERSCORE.findall(contents))
    return found


def test_template_scanner_reads_all_three_forms(tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text(
        '{% load i18n %}<h1>{% trans "지원제도" %}</h1>{{ x|default:_("상시") }}'
        "{% blocktrans count counter=n %}지원제도 {{ counter }}건{% plural %}지원제도 {{ counter }}건{% endblocktrans %}"
        "{% comment %}{% trans '무시' %}{% endcomment %}",
        encoding="utf-8",
    )
    assert template_messages(sample) == {"지원제도", "상시", "지원제도 %(counter)s건"}


def test_every_template_string_is_in_the_catalogue():
    msgids = set()
    for message in read_catalogue()[1:]:
        msgids.add(message["msgid"])
        msgids.add(message.get("msgid_plural", ""))
    templates = sorted(TEMPLATE_ROOT.glob("*/templates/**/*.html"))
    assert len(templates) > 15
    missing = {
        f"{path.relative_to(TEMPLATE_ROOT)}: {text}"
        for path in templates
        for text in template_messages(path)
        if text not in msgids
    }
    assert sorted(missing) == []


# --- Pages in English ---------------------------------------------------------------------------


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def h1_of(body: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    assert match, "the page has an h1"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def visible_korean(body: str) -> list[str]:
    """Hangul left in the page's text and labels once the data (district names) and the
    language switch are taken out: that is interface text the catalogue missed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    body = re.sub(r'<span class="site-logo__mark" aria-hidden="true">[^<]*</span>', "", body)
    body = re.sub(r'<button[^>]*lang="ko"[^>]*>한국어</button>', "", body)
    for name in District.objects.values_list("name", flat=True):
        body = body.replace(name, "")
    return sorted({m.strip() for m in re.findall(r"[^<>\"]*[\uac00-\ud7a3][^<>\"]*", body)})


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "heading"), PAGES.items())
def test_pages_in_english_by_accept_language(client, url, heading):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = page_text(response)
    assert '<html lang="en">' in body
    assert h1_of(body) == heading
    for item in MENU:
        assert f">{item}</a>" in body
    assert "Seoul Single-Person Household Portal" in body
    assert ">한국어</button>" in body  # the switch offers the way back
    assert visible_korean(body) == []


@pytest.mark.django_db
def test_language_cookie_chooses_english_and_korean_stays_the_default(client):
    korean = page_text(client.get("/policies/"))
    assert '<html lang="ko">' in korean
    assert h1_of(korean) == "지원제도"
    assert ">English</button>" in korean

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page_text(client.get("/policies/"))
    assert '<html lang="en">' in english
    assert h1_of(english) == "Support policies"
    for label in ("District of residence", "Age group", "Gender", "Keyword"):
        assert f">{label}</label>" in english
    assert "<legend>Category</legend>" in english
    for chip in ("Safety", "Housing", "Economy & jobs", "Loneliness", "Health"):
        assert f"<span>{chip}</span>" in english


@pytest.mark.django_db
def test_switch_button_sets_the_language_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/programs/?category=HOUSING"})
    assert response.status_code == 302
    assert response["Location"] == "/programs/?category=HOUSING"
    assert h1_of(page_text(client.get("/programs/"))) == "Programmes"

    client.post("/i18n/setlang/", {"language": "ko", "next": "/programs/"})
    assert h1_of(page_text(client.get("/programs/"))) == "참여프로그램"


@pytest.mark.django_db
def test_map_script_text_comes_translated(client):
    # map.js carries no text of its own: it reads the page's #map-config, built in the view.
    response = client.get("/map/", HTTP_ACCEPT_LANGUAGE="en")
    config = json.loads(
        re.search(r'<script id="map-config" type="application/json">(.*?)</script>', response.content.decode(), re.S)[1]
    )
    messages = config["messages"]
    assert messages["zoomIn"] == "Zoom in"
    assert messages["selectedDistrict"] == "Selected district: {name}"
    assert [text for text in messages.values() if HANGUL.search(text)] == []
    script = (TEMPLATE_ROOT / "geo" / "static" / "geo" / "map.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    assert not HANGUL.search(code)


@pytest.mark.django_db
def test_english_list_counts_use_plural_forms(client):
    PolicyFactory(title="청년 월세지원", category=Category.HOUSING)
    one = page_text(client.get("/policies/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "1 support policy<" in one
    PolicyFactory(title="마포구 집수리", category=Category.HOUSING)
    two = page_text(client.get("/policies/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "2 support policies<" in two


@pytest.mark.django_db
def test_english_error_page(client):
    response = client.get("/policies/?district=nowhere", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Please check your search criteria." in page_text(response)


# --- The switch in a browser ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_switch_to_english_and_back_in_a_browser(live_server, page, assert_accessible):
    PolicyFactory(title="청년 월세지원", category=Category.HOUSING)
    PolicyFactory(title="여성1인가구 안심홈세트", category=Category.SAFETY)
    page.goto(f"{live_server.url}/policies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("지원제도")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Support policies")
    for label in ("District of residence", "Age group", "Gender", "Keyword"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("2 support policies")
    categories = page.get_by_role("group", name="Category")
    expect(categories).to_contain_text("Economy & jobs")
    categories.get_by_text("Housing", exact=True).click()
    expect(page).to_have_url(re.compile(r"/policies/\?.*category=HOUSING"))
    expect(page.get_by_role("status")).to_have_text("1 support policy")
    expect(page.locator(".site-nav__desktop").get_by_role("link", name="Programmes")).to_be_visible()
    assert_accessible(page)

    # The choice sticks while moving around the site.
    page.locator(".site-nav__desktop").get_by_role("link", name="Map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map")

    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("위치정보")
    page.goto(f"{live_server.url}/policies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("지원제도")
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_english_menu_on_a_phone(live_server, phone_page, assert_accessible):
    phone_page.goto(f"{live_server.url}/")
    phone_page.get_by_role("button", name="English").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Seoul: a safe place to live alone")
    phone_page.get_by_text("Menu", exact=True).click()
    menu = phone_page.locator(".site-nav__toggle")
    for item in MENU:
        expect(menu.get_by_role("link", name=item, exact=True)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
