"""The journey `scripts/stack-test.sh` makes through a running production-like stack.

Standard library only: it talks to gunicorn over real HTTP as a browser would (cookies,
CSRF tokens read from the forms, redirects followed one by one), reads the email the
stack sent from the file backend's directory, and stops and starts PostgreSQL through the
control script `scripts/with-services.sh` exports. One line per step:

    stack: application submitted … ok (0.3 s)

Exit code 0 when every step passed, 1 at the first step that did not.
"""

from __future__ import annotations

import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import html
import http.cookiejar
import json
import os
import random
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

# No single request may take longer; /healthz must answer within it while the database
# is down, too (a hanging health check is as bad as a wrong one for a load balancer).
REQUEST_TIMEOUT = 10.0
HEALTH_TIMEOUT = 5.0
ATOM = "{http://www.w3.org/2005/Atom}"


class StepFailed(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


@contextmanager
def step(description: str):
    started = time.monotonic()
    print(f"stack: {description} …", end=" ", flush=True)
    try:
        yield
    except StepFailed as error:
        print("FAILED", flush=True)
        print(f"stack:   {error}", file=sys.stderr, flush=True)
        raise
    except Exception as error:  # noqa: BLE001 - say which step broke, then stop
        print("FAILED", flush=True)
        print(f"stack:   {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        raise StepFailed(str(error)) from error
    print(f"ok ({time.monotonic() - started:.1f} s)", flush=True)


# ---- HTTP --------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def json(self) -> dict:
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the client follows redirects itself, one at a time


class Browser:
    """Cookies, CSRF tokens and redirects, the way a browser handles them."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def absolute(self, url: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", url)

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        referer: str | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Response:
        url = self.absolute(url)
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("Accept-Language", "sv")
        if content_type:
            req.add_header("Content-Type", content_type)
        if method == "POST":
            req.add_header("Origin", self.base_url)
        if referer:
            req.add_header("Referer", self.absolute(referer))
        try:
            with self.opener.open(req, timeout=timeout) as raw:
                return Response(raw.status, url, _headers(raw.headers), raw.read())
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, url, _headers(error.headers), error.read())

    def get(self, url: str, *, follow: bool = True, **kwargs) -> Response:
        response = self.request("GET", url, **kwargs)
        return self.follow(response) if follow else response

    def follow(self, response: Response, limit: int = 10) -> Response:
        for _hop in range(limit):
            if response.status not in (301, 302, 303, 307, 308):
                return response
            response = self.request("GET", urllib.parse.urljoin(response.url, response.location))
        raise StepFailed(f"more than {limit} redirects, last to {response.url}")

    def submit(self, page: Response, form: Form, values: dict | None = None, **kwargs) -> Response:
        """Send `form` from `page` with its own fields (CSRF token included) and `values`."""
        fields = form.values()
        fields.update(values or {})
        action = urllib.parse.urljoin(page.url, form.action or page.url)
        if form.enctype == "multipart/form-data":
            body, content_type = _multipart(fields)
        else:
            body = urllib.parse.urlencode(_pairs(fields)).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(
            "POST", action, body=body, content_type=content_type, referer=page.url, **kwargs
        )


def _headers(message) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()}


def _pairs(fields: dict) -> list[tuple[str, str]]:
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


def _multipart(fields: dict) -> tuple[bytes, str]:
    boundary = f"----stack{uuid.uuid4().hex}"
    chunks = []
    for name, value in _pairs(fields):
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


# ---- HTML forms --------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[dict] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f["name"] for f in self.fields}

    def options(self, name: str) -> list[str]:
        """The values a select, a radio group or a checkbox group offers."""
        found = []
        for f in self.fields:
            if f["name"] == name:
                found.extend(f.get("options") or [f.get("value", "")])
        return found

    def values(self) -> dict:
        """What a browser sends when the form is submitted as it stands (first button)."""
        values: dict[str, list[str]] = {}
        button_used = False
        for f in self.fields:
            kind, name = f["type"], f["name"]
            if kind in ("checkbox", "radio") and not f.get("checked"):
                continue
            if kind in ("submit", "button-submit"):
                if button_used:
                    continue
                button_used = True
            if kind == "file":
                continue
            if kind == "select":
                chosen = f.get("selected") or f.get("options", [])[:1]
                values.setdefault(name, []).extend(chosen)
                continue
            values.setdefault(name, []).append(f.get("value", ""))
        return {name: items[0] if len(items) == 1 else items for name, items in values.items()}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded").lower(),
            )
            self.forms.append(self._form)
        elif tag == "option":
            if self._select is not None:
                self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif self._form is None or "name" not in a or "disabled" in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            entry = {"type": kind, "name": a["name"], "value": a.get("value", "")}
            if kind in ("checkbox", "radio"):
                entry["value"] = a.get("value", "on")
                entry["checked"] = "checked" in a
            self._form.fields.append(entry)
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.fields.append(
                {"type": "button-submit", "name": a["name"], "value": a.get("value", "")}
            )
        elif tag == "select":
            self._select = {"type": "select", "name": a["name"], "options": [], "selected": []}
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = {"type": "textarea", "name": a["name"], "value": ""}
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append(value)
            if option["selected"]:
                self._select["selected"].append(value)
            self._option = None


def forms_in(page: Response) -> list[Form]:
    parser = _FormParser()
    parser.feed(page.text)
    return parser.forms


def form_with(page: Response, *, field_name: str | None = None, action: str | None = None) -> Form:
    for form in forms_in(page):
        if field_name is not None and field_name not in form.names():
            continue
        if action is not None and urllib.parse.urljoin(page.url, form.action) != action:
            continue
        return form
    raise StepFailed(
        f"{page.url} ({page.status}) has no form with "
        + (f"field {field_name!r}" if field_name else f"action {action!r}")
    )


# ---- two factors, email ------------------------------------------------------------------


def totp_code(secret: str, period: int = 30, digits: int = 6) -> str:
    """RFC 6238, as authenticator apps and allauth compute it. Waits out the last two
    seconds of a period, so the code is still current when the server checks it."""
    remaining = period - time.time() % period
    if remaining < 2:
        time.sleep(remaining + 0.1)
    counter = int(time.time()) // period
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def sent_mail(directory: Path) -> list[EmailMessage]:
    """Every message Django's file backend wrote: one file per connection, messages
    separated by a line of 79 dashes."""
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def wait_for_mail(directory: Path, to: str, contains: str, seconds: float) -> EmailMessage:
    deadline = time.monotonic() + seconds
    while True:
        for message in sent_mail(directory):
            if to in str(message.get("To", "")) and contains in body_of(message):
                return message
        if time.monotonic() > deadline:
            raise StepFailed(f"no email to {to} mentioning {contains!r} within {seconds:.0f} s")
        time.sleep(0.3)


# ---- the journey -------------------------------------------------------------------------


@dataclass
class Staff:
    email: str
    password: str
    totp_secret: str


class Journey:
    def __init__(self, args: argparse.Namespace) -> None:
        self.base_url = args.base_url.rstrip("/")
        self.mail_dir = Path(args.mail_dir)
        self.pg_control = args.pg_control
        self.expect_mfa = args.expect_mfa
        self.steering = Staff(args.steering_email, args.password, args.steering_totp)
        self.leader = Staff(args.leader_email, args.password, args.leader_totp)
        suffix = f"{random.randrange(10**6):06d}"
        self.org_name = f"Stackföreningen {suffix}"
        self.org_number = _org_number(suffix)
        self.contact_email = f"kontakt-{suffix}@stack.exempel.se"
        self.party_url = ""

    # -- helpers

    def health(self, expected: int = 200, timeout: float = HEALTH_TIMEOUT) -> dict:
        try:
            response = Browser(self.base_url).request("GET", "/healthz", timeout=timeout)
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            raise StepFailed(f"/healthz did not answer within {timeout:.0f} s: {error}") from error
        check(
            response.status == expected,
            f"/healthz answered {response.status} {response.text[:200]!r}, expected {expected}",
        )
        return response.json()

    def healthy_between_steps(self) -> None:
        with step("/healthz answers 200"):
            self.health(200)

    def sign_in(self, who: Staff, label: str) -> Browser:
        """From /admin/ to the admin index through whichever sign-in the admin sends to."""
        browser = Browser(self.base_url)
        asked_for_code = False
        with step(f"{label} signs in" + (" with password and TOTP" if self.expect_mfa else "")):
            page = browser.get("/admin/")
            check(page.status == 200, f"/admin/ → {page.url} answered {page.status}")
            form = next((f for f in forms_in(page) if "password" in f.names()), None)
            check(form is not None, f"no sign-in form at {page.url}")
            login_field = "login" if "login" in form.names() else "username"
            response = browser.submit(
                page, form, {login_field: who.email, "password": who.password}
            )
            check(response.status in (302, 303), f"sign-in answered {response.status}")
            page = browser.follow(response)
            if "/2fa/" in urllib.parse.urlsplit(page.url).path:
                asked_for_code = True
                form = form_with(page, field_name="code")
                response = browser.submit(page, form, {"code": totp_code(who.totp_secret)})
                check(
                    response.status in (302, 303),
                    f"the TOTP code was not accepted ({response.status})",
                )
                page = browser.follow(response)
            path = urllib.parse.urlsplit(page.url).path
            check(page.status == 200 and path == "/admin/", f"ended at {page.url} ({page.status})")
            check(
                not any("password" in f.names() for f in forms_in(page)),
                "the admin still shows a sign-in form",
            )
            if self.expect_mfa:
                check(asked_for_code, "signed in without being asked for the second factor")
        if not self.expect_mfa:
            print(
                f"stack:   note: {label} signed in with a password only: allauth.mfa is not "
                "installed yet, so there was no second factor to give",
                flush=True,
            )
        return browser

    # -- the steps

    def apply(self) -> None:
        public = Browser(self.base_url)
        with step("an organisation applies on /anslut/"):
            page = public.get("/anslut/")
            check(page.status == 200, f"/anslut/ answered {page.status}")
            form = form_with(page, field_name="org_number")
            sector = next(v for v in form.options("sector") if v != "public")
            municipality = next(v for v in form.options("municipality") if v)
            area = next(v for v in form.options("areas") if v)
            values = {
                "name": self.org_name,
                "org_number": self.org_number,
                "sector": sector,
                "legal_form": "ideell_forening",
                "municipality": municipality,
                "areas": area,
                "website": "https://stack.exempel.se",
                "description": "En påhittad förening som stack-testet ansluter.",
                "contact_name": "Stina Stack",
                "contact_role": "Ordförande",
                "contact_email": self.contact_email,
                "contact_phone": "070-123 45 67",
                "signatory_name": "Stina Stack",
                "signatory_role": "Ordförande",
                "supports_democratic_values": "on",
                "endorses_agreement": "on",
                "decided_by_own_statutes": "on",
                "consents_to_processing": "on",
                "homepage": "",
            }
            response = public.submit(page, form, values)
            check(
                response.status == 302 and "/anslut/kvitto/" in response.location,
                f"the form answered {response.status}, not a redirect to the receipt: "
                + _error_summary(response),
            )
            receipt = public.follow(response)
            check(receipt.status == 200, f"the receipt answered {receipt.status}")
            check(self.org_name in receipt.text, "the receipt does not name the organisation")
        with step("the worker emails the receipt to the contact person"):
            wait_for_mail(self.mail_dir, self.contact_email, "/anslut/kvitto/", 30)
        with step("the pending application is not in the register"):
            page = public.get("/undertecknare/?" + urllib.parse.urlencode({"q": self.org_name}))
            check(page.status == 200, f"/undertecknare/ answered {page.status}")
            check(
                _party_link(page, self.org_name) is None,
                "the register shows an undecided application",
            )

    def approve(self, steering: Browser) -> None:
        with step("the steering member approves the application in the admin"):
            query = urllib.parse.urlencode({"q": self.org_name})
            listing = steering.get(f"/admin/parties/application/?{query}")
            check(listing.status == 200, f"the applications list answered {listing.status}")
            found = re.search(
                r'href="(/admin/parties/application/(\d+)/change/[^"]*)"', listing.text
            )
            check(found, "the application is not in the admin's list")
            record = steering.get(found.group(1).replace("&amp;", "&"))
            check(record.status == 200, f"the application's page answered {record.status}")
            approve_url = f"/admin/parties/application/{found.group(2)}/approve/"
            check(approve_url in record.text, "the application's page has no Approve button")
            page = steering.get(approve_url)
            check(page.status == 200, f"the decision page answered {page.status}")
            form = form_with(page, field_name="reason")
            response = steering.submit(page, form, {"reason": "Beslutat i stack-testet."})
            check(
                response.status == 302,
                f"the decision answered {response.status}: " + _error_summary(response),
            )
            record = steering.follow(response)
            check(approve_url not in record.text, "the application can still be approved")

    def register_shows_party(self) -> None:
        public = Browser(self.base_url)
        with step("the register shows the new party"):
            page = public.get("/undertecknare/?" + urllib.parse.urlencode({"q": self.org_name}))
            check(page.status == 200, f"/undertecknare/ answered {page.status}")
            link = _party_link(page, self.org_name)
            check(link, "the register does not list the new party")
            detail = public.get(link)
            check(detail.status == 200, f"the party's page answered {detail.status}")
            check(self.org_name in detail.text, "the party's page does not name it")
            self.party_url = link
        with step("the Atom feed lists the new party"):
            feed = public.get("/undertecknare/flode/")
            check(feed.status == 200, f"the feed answered {feed.status}")
            check(
                feed.headers.get("content-type", "").startswith("application/atom+xml"),
                f"the feed is {feed.headers.get('content-type')}",
            )
            root = ElementTree.fromstring(feed.body)
            titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
            check(self.org_name in titles, "the feed has no entry for the new party")
        with step("the worker emails the approval to the contact person"):
            wait_for_mail(self.mail_dir, self.contact_email, self.party_url, 30)

    def generate_report(self, leader: Browser, label: str) -> str:
        """Request a report version at /rapporter/, wait for the worker; its download URL."""
        with step(f"the process leader requests {label} at /rapporter/"):
            page = leader.get("/rapporter/")
            check(page.status == 200, f"/rapporter/ answered {page.status}")
            form = form_with(page, field_name="year")
            years = [y for y in form.options("year") if y]
            check(years, "the report form offers no year")
            response = leader.submit(page, form, {"year": years[0]})
            found = re.search(r"#report-(\d+)$", response.location)
            check(
                response.status == 302 and found,
                f"the request answered {response.status}: " + _error_summary(response),
            )
            pk = found.group(1)
        with step(f"the Celery worker generates {label}"):
            deadline = time.monotonic() + 120
            while True:
                status = leader.get(f"/rapporter/{pk}/status.json")
                check(status.status == 200, f"status.json answered {status.status}")
                data = status.json()
                if data["finished"]:
                    break
                check(time.monotonic() < deadline, f"still {data['status']} after 120 s")
                time.sleep(0.5)
            check(data["status"] == "ready", f"the report {data['status']}: {data.get('error')}")
        return data["download_url"]

    def download_report(self, leader: Browser, url: str) -> None:
        with step("the process leader downloads the PDF"):
            _check_pdf(leader.get(url))
        with step("an unpublished version is not public"):
            response = Browser(self.base_url).get(url)
            check(response.status == 404, f"anonymous download answered {response.status}")
        with step("the process leader publishes it and anyone can download it"):
            page = leader.get("/rapporter/")
            pk = re.search(r"/rapporter/(\d+)/", url).group(1)
            form = form_with(page, action=leader.absolute(f"/rapporter/{pk}/publicera/"))
            response = leader.submit(page, form)
            check(response.status == 302, f"publishing answered {response.status}")
            _check_pdf(Browser(self.base_url).get(url))

    def outage(self, leader: Browser) -> None:
        with step("PostgreSQL is stopped"):
            _control(self.pg_control, "stop")
        with step("/healthz answers 503 while the database is down, without hanging"):
            # More requests than gunicorn has workers: every worker's kept connection dies.
            for _attempt in range(6):
                data = self.health(503)
                check(data.get("database") == "unavailable", f"/healthz said {data}")
                check(data.get("broker") == "ok", f"the broker is not ok: {data}")
        with step("PostgreSQL is started again"):
            _control(self.pg_control, "start")
        with step("/healthz returns to 200"):
            deadline = time.monotonic() + 30
            while True:
                try:
                    self.health(200)
                    break
                except StepFailed:
                    check(time.monotonic() < deadline, "/healthz not 200 within 30 s")
                    time.sleep(0.5)
            for _attempt in range(6):
                self.health(200)
        with step("pages that read the database work again, sessions included"):
            page = Browser(self.base_url).get(self.party_url)
            check(page.status == 200, f"the party's page answered {page.status}")
            check(self.org_name in page.text, "the party's page does not name it")
            page = leader.get("/rapporter/")
            check(page.status == 200, f"/rapporter/ answered {page.status}")
            check(form_with(page, field_name="year"), "the process leader is signed out")
        # No request in between this time: each gunicorn worker still holds a connection
        # (CONN_MAX_AGE) to the server that has gone, and must notice before using it.
        # Twice, since the first request after a restart renews the worker's connection.
        self.restart_database()
        with step("/healthz answers 200 at once on every gunicorn worker"):
            for _attempt in range(6):
                self.health(200)
        self.restart_database()
        with step("signed-in pages work at once on every gunicorn worker"):
            for _attempt in range(6):
                page = leader.get("/rapporter/")
                check(
                    page.status == 200,
                    f"/rapporter/ answered {page.status}: a kept database connection to the "
                    "restarted server was used unchecked (DATABASES CONN_HEALTH_CHECKS)",
                )

    def request_bodies(self) -> None:
        with step("a declared 100 MB body to /anslut/ is refused before it is sent"):
            status, text, seconds = _post_body(self.base_url, "/anslut/", 100 * MB, send=KB)
            check(status == 413, f"answered {status}, expected 413")
            check(seconds < 2, f"the refusal took {seconds:.1f} s")
            check("12 MB" in text, f"the refusal does not say the limit: {text[:300]!r}")
        with step("an 8 MB body to /anslut/ passes the proxy and is refused in Swedish"):
            status, text, _seconds = _post_body(self.base_url, "/anslut/", 8 * MB, send=8 * MB)
            check(status == 413, f"answered {status}, expected 413")
            check(
                "Det du skickade är 8 MB; den här sidan tar emot högst 6 MB." in text,
                f"the portal's refusal is not there: {text[:300]!r}",
            )

    def restart_database(self) -> None:
        with step("PostgreSQL restarts between two requests"):
            _control(self.pg_control, "stop")
            _control(self.pg_control, "start")

    def run(self) -> None:
        with step("/healthz answers 200 with database and broker"):
            data = self.health(200)
            check(data.get("database") == data.get("broker") == "ok", f"/healthz said {data}")
        self.request_bodies()
        self.apply()
        self.healthy_between_steps()
        steering = self.sign_in(self.steering, "a steering member")
        self.healthy_between_steps()
        self.approve(steering)
        self.healthy_between_steps()
        self.register_shows_party()
        self.healthy_between_steps()
        leader = self.sign_in(self.leader, "the process leader")
        url = self.generate_report(leader, "the annual report")
        self.download_report(leader, url)
        self.healthy_between_steps()
        self.outage(leader)
        url = self.generate_report(leader, "a new version after the outage")
        with step("the process leader downloads the new version"):
            _check_pdf(leader.get(url))
        self.healthy_between_steps()


KB = 1024
MB = 1024 * KB


def _post_body(base_url: str, path: str, length: int, *, send: int) -> tuple[int, str, float]:
    """POST declaring a body of `length` bytes, send `send` of them (as far as the server
    takes them) and read the answer: (status, body, seconds until the status line)."""
    address = urllib.parse.urlsplit(base_url)
    started = time.monotonic()
    where = (address.hostname, address.port)
    with socket.create_connection(where, timeout=REQUEST_TIMEOUT) as conn:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
            "Content-Type: multipart/form-data; boundary=stackgrans\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        conn.sendall(head.encode())
        chunk = b"0" * (64 * KB)
        try:
            for offset in range(0, send, len(chunk)):
                conn.sendall(chunk[: min(len(chunk), send - offset)])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without taking the rest: as it should
        answer, first_line_at = b"", None
        try:
            while part := conn.recv(64 * KB):
                answer += part
                if first_line_at is None and b"\r\n" in answer:
                    first_line_at = time.monotonic()
                if _complete(answer):
                    break  # rather than wait for the server to close (nginx lingers)
        except (ConnectionResetError, TimeoutError):
            pass
    check(answer.startswith(b"HTTP/1."), f"no HTTP answer: {answer[:100]!r}")
    status = int(answer.split(b" ", 2)[1])
    body = answer.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")
    return status, html.unescape(body), (first_line_at or time.monotonic()) - started


def _complete(answer: bytes) -> bool:
    head, separator, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    return bool(separator and length and len(body) >= int(length.group(1)))


def _check_pdf(response: Response) -> None:
    check(response.status == 200, f"the download answered {response.status}")
    check(
        response.headers.get("content-type", "").startswith("application/pdf"),
        f"Content-Type is {response.headers.get('content-type')}",
    )
    check(
        response.headers.get("content-disposition", "").startswith("attachment"),
        f"Content-Disposition is {response.headers.get('content-disposition')}",
    )
    check(response.body.startswith(b"%PDF-"), "the file does not start with %PDF-")
    check(len(response.body) > 1000, f"the PDF has only {len(response.body)} bytes")


def _control(script: str, command: str) -> None:
    result = subprocess.run(
        [script, command], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    check(result.returncode == 0, f"{script} {command}: {result.stdout}{result.stderr}")


def _party_link(page: Response, name: str) -> str | None:
    """The register's link to the party called `name`, if the page lists it."""
    found = re.search(
        r'<a href="(/undertecknare/[^"/?]+/)">' + re.escape(html.escape(name)) + "</a>", page.text
    )
    return found.group(1) if found else None


def _error_summary(response: Response) -> str:
    """The form's error messages, enough to see what the server did not accept."""
    found = re.findall(r'class="[^"]*(?:error|errornote)[^"]*"[^>]*>(.*?)</', response.text, re.S)
    text = " | ".join(re.sub(r"\s+", " ", item).strip() for item in found if item.strip())
    return text[:500] or response.text[:300]


def _org_number(digits: str) -> str:
    """A valid organisation number 802NNN-NNNC (a non-profit's range), Luhn check digit."""
    first_nine = "802" + digits[:6]
    total = 0
    for index, char in enumerate(first_nine):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    check_digit = (10 - total % 10) % 10
    number = first_nine + str(check_digit)
    return f"{number[:6]}-{number[6:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--pg-control", required=True, help="script taking stop|start")
    parser.add_argument("--steering-email", required=True)
    parser.add_argument("--leader-email", required=True)
    parser.add_argument(
        "--expect-mfa", action="store_true", help="staff must be asked for a TOTP code"
    )
    args = parser.parse_args()
    # Secrets come from the environment, not the command line (visible in ps).
    args.password = os.environ["STACK_STAFF_PASSWORD"]
    args.steering_totp = os.environ["STACK_STEERING_TOTP_SECRET"]
    args.leader_totp = os.environ["STACK_LEADER_TOTP_SECRET"]
    try:
        Journey(args).run()
    except StepFailed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
