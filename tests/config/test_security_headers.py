"""Every response carries the security headers, with a policy that runs no inline code."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PAGES = [
    # (what, persona, path)
    ("start page", "public", "/"),
    ("register", "public", "/undertecknare/"),
    ("application form", "public", "/anslut/"),
    ("sign-in page", "public", "/konto/login/"),
    ("contact's own page", "contact", "/min-organisation/"),
    ("two-factor settings", "contact", "/konto/2fa/"),
    ("admin index", "process_leader", "/admin/"),
    ("admin change list", "process_leader", "/admin/parties/organisation/"),
    ("open data JSON", "public", "/undertecknare.json"),
    ("open data CSV", "public", "/undertecknare.csv"),
    ("iCalendar feed", "public", "/styrgrupp/moten.ics"),
    ("Atom feed", "public", "/undertecknare/flode/"),
    ("page not found", "public", "/finns-inte/"),
]


@pytest.fixture(scope="module")
def production_hsts():
    """The HSTS settings config/settings.py gives a production start (DEBUG=0)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="samverkan.example",
        CELERY_BROKER_URL="",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "django.setup(); from django.conf import settings as s; "
            "print(json.dumps({k: getattr(s, k) for k in ("
            "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD')}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def over_https_in_production(settings, production_hsts):
    for name, value in production_hsts.items():
        setattr(settings, name, value)


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _get(request, persona: str, path: str):
    client = request.getfixturevalue("client")
    if persona != "public":
        client.force_login(request.getfixturevalue(persona))
    return client.get(path, secure=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "persona", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_it_sends_every_security_header(
    request, agreement, over_https_in_production, what, persona, path
):
    response = _get(request, persona, path)

    assert response.status_code == (404 if what == "page not found" else 200), what
    policy = _policy(response)
    assert policy.get("default-src") == ["'self'"], what
    assert policy.get("frame-ancestors") == ["'none'"], what
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response["X-Frame-Options"] == "DENY"
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", (what, feature)


@pytest.mark.django_db
def test_it_lets_no_inline_script_or_style_run(public, agreement):
    policy = _policy(public.get("/"))

    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


# What a browser would refuse to run under the policy: <script> without src (a JSON data
# block is not run, so it may stay), <style>, style="" and on…="" attributes. The report
# templates feed only the PDF renderer.
INLINE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>"
    r"|<style\b|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def test_it_keeps_inline_scripts_and_styles_out_of_the_templates():
    templates = ROOT / "templates"
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in sorted(templates.rglob("*.html"))
        if not path.is_relative_to(templates / "followup" / "report")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_it_finds_an_inline_handler_when_there_is_one():
    # The scan above is only worth something if it recognises what it looks for.
    for html in ("<script>alert(1)</script>", '<p style="x">', '<a onclick="x">', "<style>"):
        assert INLINE.search(html), html
    for html in (
        '<script src="/static/js/a.js" defer></script>',
        '<script id="data" type="application/json">{}</script>',
        '<p class="style">',
    ):
        assert not INLINE.search(html), html
