"""Chinese first, complete English: both languages render, the catalogs are complete."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.django_db
def test_chinese_is_the_default(client):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


@pytest.mark.django_db
def test_the_browser_can_ask_for_english(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body


@pytest.mark.django_db
def test_the_switcher_changes_the_language(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    chinese = client.get(reverse("asset-list")).content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert "设施" in chinese  # "Assets"
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("asset-list")})
    assert response.status_code == 302
    english = client.get(reverse("asset-list")).content.decode()
    assert '<html lang="en">' in english
    assert "Assets" in english


@pytest.mark.django_db
def test_the_switcher_works_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "Sign in" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("page", ["asset-map", "asset-list"])
@pytest.mark.parametrize(("language", "word"), [("zh-hans", "地图"), ("en", "Map")])
@pytest.mark.django_db
def test_pages_render_in_both_languages(signed_in, page, language, word, crew_member):
    response = signed_in(crew_member, language).get(reverse(page))
    assert response.status_code == 200
    assert word in response.content.decode()


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_chinese_catalog_is_complete():
    po = catalog("zh_Hans")
    assert len(po) == len(catalog("en"))  # every message: makemessages made both from the same sources
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_catalogs_match_their_sources(language):
    """The .mo files are committed (running Shouwei needs no gettext): they must be current."""
    po = catalog(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), entry.msgid


def test_the_catalog_holds_every_string_of_the_sources(tmp_path):
    """A string marked for translation but missing from the catalog shows in English on the
    Chinese pages: `make messages` must have been run since it was added. makemessages runs
    on a copy of the sources (it writes its catalog where it runs) and needs GNU gettext."""
    base = Path(settings.BASE_DIR)
    for name in ["assets", "config", "core", "demo", "frontage", "greening", "inspections", "maintenance", "templates"]:
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "zh_Hans", "--no-wrap"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},  # the copy's: it runs in the copy
    )
    assert result.returncode == 0, result.stderr
    found = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in catalog("zh_Hans")}
    missing = sorted(entry.msgid for entry in found if (entry.msgctxt, entry.msgid) not in known)
    assert missing == [], "run `make messages` and translate these"
