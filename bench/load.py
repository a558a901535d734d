"""Load-test the anonymous public pages against a trivial view, with applications coming in.

    uv run python bench/load.py [--seconds 60] [--parties 10000] [--pages start,register]
    scripts/with-services.sh uv run python bench/load.py     # PostgreSQL, Redis as the cache

1. A throwaway database (bench/common.py: SQLite, or a test database on the PostgreSQL of
   DATABASE_URL) gets the demo (`seed_demo`: agreement, parties, steering group, action
   plan, follow-up and a published report) and N active parties (bench/register.py: an
   organisation and its active membership in the demo agreement each). The pages are the
   agreement's, under its prefix (/<slug>/...).
2. gunicorn serves it with 2 sync workers on a free port of 127.0.0.1, in production mode:
   DEBUG=0, collected static files (in a temporary STATIC_ROOT), SECURE_SSL_REDIRECT=0 and
   SECURE_COOKIES=0 for plain HTTP, email to a dummy backend, the application rate limit
   off. Settings `bench.settings` = the project's plus `/bench/trivial` (bench/urls.py), a
   view that only goes through the middleware. Under scripts/with-services.sh (PostgreSQL)
   REDIS_URL points at its Redis, which then is the cache and the Celery broker.
3. Every page is requested a few times to warm up, then `wrk -t2 -c64 -d<seconds>s` runs
   against the trivial view, each page in turn, and the trivial view again. A page passes
   when it serves at least half the trivial view's requests per second (the mean of its
   two runs) with no error: no non-2xx/3xx response, no socket error (wrk's timeout, 2 s
   by default, counts as one).
4. All the while a submitter sends five applications per second through the real form
   (GET /<slug>/anslut/ for the CSRF cookie and token, POST; the answer must be the redirect
   to the receipt under the same prefix). Afterwards the applications in the database are
   compared with the confirmed ones: lost = confirmed but not stored, duplicated = stored
   more than once.

Prints a Markdown table. Exit status 0 when the run completed, whatever it measured;
with --strict, 1 when a page or the submissions fail. See bench/README.md.
"""

import argparse
import datetime
import http.cookiejar
import math
import os
import platform
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402

TRIVIAL = "/bench/trivial"
# The yardstick under the agreement's prefix too, so it takes the pages' way through the
# routing middleware (unprefixed, it answers a redirect to the default agreement's prefix).
TRIVIAL_PREFIXED = "/{agreement}" + TRIVIAL
# (key, label, path): the seeded agreement's pages under its prefix; {agreement} (its slug),
# {last_page} and {slug} (a party's) are filled in from the seeded database.
PAGES = [
    ("start", "start page", "/{agreement}/"),
    ("agreement", "agreement", "/{agreement}/overenskommelsen/"),
    ("principles", "principles", "/{agreement}/principer/"),
    ("register", "register, first page", "/{agreement}/undertecknare/"),
    ("register-last", "register, last page", "/{agreement}/undertecknare/?page={last_page}"),
    (
        "register-filters",
        "register, four filters",
        "/{agreement}/undertecknare/?sektor=civil_society&kommun=bjorkvik&omrade=kultur&ar=2025",
    ),
    ("register-search", "register, name search", "/{agreement}/undertecknare/?q=f%C3%B6rening+01"),
    ("party", "party page", "/{agreement}/undertecknare/{slug}/"),
    ("csv", "open data, CSV", "/{agreement}/undertecknare.csv"),
    ("json", "open data, JSON", "/{agreement}/undertecknare.json"),
    ("csv-gzip", "open data, CSV (gzip)", "/{agreement}/undertecknare.csv"),
    ("json-gzip", "open data, JSON (gzip)", "/{agreement}/undertecknare.json"),
    ("feed", "feed of new parties", "/{agreement}/undertecknare/flode/"),
    ("steering", "steering group", "/{agreement}/styrgrupp/"),
    ("actionplan", "action plan", "/{agreement}/handlingsplan/"),
    ("reports", "reports", "/{agreement}/rapporter/"),
]
# Request headers of a page, by key: the gzip variants ask as a browser or `curl
# --compressed` does (the size column is then the compressed body).
HEADERS = {
    "csv-gzip": {"Accept-Encoding": "gzip"},
    "json-gzip": {"Accept-Encoding": "gzip"},
}
TARGET_SHARE = 0.5
APPLICANT_DOMAIN = "bench-load.test"
# Organisation numbers of the applications: past the demo's and the seeded parties'.
APPLICANT_SERIAL = 500_000
SEEDED_SERIAL = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="wrk's duration per page")
    parser.add_argument("--parties", type=int, default=10_000, help="active parties to seed")
    parser.add_argument(
        "--pages",
        default="all",
        help="comma-separated keys of the pages to run (default all): "
        + ", ".join(key for key, _label, _path in PAGES),
    )
    parser.add_argument("--connections", type=int, default=64, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--timeout", default="2s", help="wrk --timeout (a timeout is an error)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn --workers")
    parser.add_argument("--rate", type=float, default=5.0, help="applications per second")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each run, wait up to this long for other processes to use under 10 %% "
        "of the CPU (on a shared machine)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything fails")
    args = parser.parse_args()
    pages = choose_pages(args.pages)
    wrk = shutil.which("wrk")
    if not wrk:
        print("bench/load.py: wrk not found (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="samverkan-bench-load-"))
    # The seeding process writes the demo report's PDF here, and sends no email.
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["EMAIL_URL"] = "dummymail://"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("CELERY_BROKER_URL", None)
    redis_url = os.environ.pop("REDIS_URL", None) or os.environ.get("SAMVERKAN_TEST_REDIS_URL")
    try:
        with throwaway_database() as database:
            started = time.perf_counter()
            seeded = seed(args.parties)
            seed_seconds = time.perf_counter() - started
            # With SQLite, the cache is each process's own memory; Redis comes with PostgreSQL
            # (scripts/with-services.sh), as in production.
            cache_url = redis_url if database.vendor != "sqlite" else None
            env = server_env(workdir, database.url, cache_url)
            collectstatic(env)
            server = Server(env, workdir, args.workers)
            try:
                server.start()
                results, submissions = run(server, pages, seeded, args, wrk)
            finally:
                server.stop()
            outcome = check_submissions(submissions)
            outcome["server_errors"] = server.errors()
            print_report(database.vendor, cache_url, args, seeded, seed_seconds, results, outcome)
            failed = any(not row["passed"] for row in results if row["key"] != "trivial")
            failed = failed or not outcome["passed"]
            return 1 if failed and args.strict else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def choose_pages(spec: str) -> list[tuple[str, str, str]]:
    if spec == "all":
        return PAGES
    wanted = [key.strip() for key in spec.split(",") if key.strip()]
    known = {key for key, _label, _path in PAGES}
    unknown = [key for key in wanted if key not in known]
    if unknown:
        raise SystemExit(f"unknown page(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return [page for page in PAGES if page[0] in wanted]


# --- Seeding --------------------------------------------------------------------------------


def seed(count: int) -> dict:
    """The whole demo, then `count` more active parties; what the addresses need."""
    from django.core.management import call_command

    from agreements.demo import SLUG
    from agreements.models import Agreement
    from bench.register import seed as seed_parties
    from parties.models import Organisation
    from parties.views.register import PAGE_SIZE

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The demo's agreement as seed_demo left it (with its history of two versions).
    agreement = Agreement.objects.get(slug=SLUG)
    seeded = seed_parties(count, serial_start=SEEDED_SERIAL, agreement=agreement)
    active = Organisation.objects.party_to(agreement).count()
    return {
        "agreement": agreement.slug,
        "parties": count,
        "active": active,
        "last_page": math.ceil(active / PAGE_SIZE),
        "slug": seeded["slug"],
    }


# --- The server -----------------------------------------------------------------------------


def server_env(workdir: Path, database_url: str, cache_url: str | None) -> dict[str, str]:
    """Production settings for plain HTTP on the loopback interface."""
    env = {
        key: value
        for key, value in os.environ.items()
        # PAGE_CACHE_SECONDS=0 is for the in-process timings; the served portal keeps its
        # production default.
        if key
        not in {"REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_URL": "dummymail://",
            "RATELIMIT_ENABLE": "0",
            "LOG_LEVEL": "WARNING",
            # Without Redis the page cache keeps its files here (shared by both workers).
            "PAGE_CACHE_DIR": str(workdir / "pagecache"),
        }
    )
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with sync workers, as the Dockerfile runs it (there with 3 workers)."""

    def __init__(self, env: dict[str, str], workdir: Path, workers: int):
        self.env = env
        self.log_path = workdir / "gunicorn.log"
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env["SITE_URL"] = self.base
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # Unprefixed the trivial view answers the redirect to an agreement's prefix:
                # either answer means the workers serve.
                if get(self.base + TRIVIAL)[0] in (200, 301):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log.close()

    def pids(self) -> list[int]:
        """The master's and its workers'."""
        if self.process is None:
            return []
        return [self.process.pid, *children(self.process.pid)]

    def errors(self) -> list[tuple[str, int]]:
        """The exceptions in the log (the last line of each traceback), most frequent first."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        found = re.findall(r"^([\w.]+(?:Error|Exception|Locked)\b.*)$", text, re.M)
        return Counter(line[:200] for line in found).most_common(5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def get(
    url: str, timeout: float = 30, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], int]:
    """Status, headers and body size (as sent) of a GET, without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as (
            response
        ):
            return response.status, dict(response.headers), len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), len(error.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# --- wrk ------------------------------------------------------------------------------------


def run(server: Server, pages, seeded: dict, args, wrk: str) -> tuple[list[dict], "Submitter"]:
    trivial = TRIVIAL_PREFIXED.format(**seeded)
    targets = [("trivial", "trivial view", trivial)]
    targets += [(key, label, path.format(**seeded)) for key, label, path in pages]
    targets += [("trivial", "trivial view (again)", trivial)]
    for key, label, path in targets:
        for _ in range(4):  # both workers: templates, URL resolver, translations, caches
            status, _headers, _size = get(server.base + path, headers=HEADERS.get(key))
        if status != 200:
            print(f"warning: {label} {path} answers {status}", file=sys.stderr)

    services = service_pids(server.env.get("REDIS_URL"))
    submitter = Submitter(server.base, args.rate, seeded["agreement"])
    submitter.start()
    results = []
    try:

        def ours() -> list[int]:
            return server.pids() + services()

        for key, label, path in targets:
            waited = wait_until_idle(ours, args.wait_idle) if args.wait_idle else 0.0
            cpu = CpuMeter(ours)
            row = run_wrk(wrk, server.base + path, args, HEADERS.get(key))
            row["other_cpu"] = cpu.others_share()
            row["cpu_ms"] = 1000 * cpu.servers_seconds / max(row["requests"], 1)
            row["waited"] = waited
            status, headers, size = get(server.base + path, headers=HEADERS.get(key))
            row.update(
                key=key,
                label=label,
                path=path,
                status=status,
                bytes=size,
                x_cache=headers.get("X-Cache", "–"),
                encoding=headers.get("Content-Encoding", ""),
            )
            results.append(row)
            print(
                f"  {label:<26} {row['rps']:>9.1f} req/s  p50 {row['p50_ms']:>7.1f} ms  "
                f"errors {row['errors']}  others' CPU {row['other_cpu']:.0%}  "
                f"(waited {waited:.0f} s)  {path}",
                file=sys.stderr,
                flush=True,
            )
    finally:
        submitter.stop()
    baseline = statistics.mean(row["rps"] for row in results if row["key"] == "trivial")
    for row in results:
        row["share"] = row["rps"] / baseline if baseline else 0.0
        row["passed"] = row["share"] >= TARGET_SHARE and row["errors"] == 0
    return results, submitter


class CpuMeter:
    """How much of the machine's CPU time went to others (other people's tests, say) while
    a page ran: all busy time in /proc/stat minus that of gunicorn, the database and cache
    servers, wrk and this process."""

    def __init__(self, pids):
        self.pids = pids  # () -> the processes serving the pages, now
        self.start = self.sample()

    def sample(self) -> tuple[float, float, dict[int, float], float]:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, first)
        busy = (user + nice + system + irq + softirq + steal) / CLK_TCK
        servers = {pid: process_cpu_seconds(pid) for pid in self.pids()}
        own = 0.0
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):  # wrk, once waited for
            usage = resource.getrusage(who)
            own += usage.ru_utime + usage.ru_stime
        return time.monotonic(), busy, servers, own

    def others_share(self) -> float:
        (t0, busy0, servers0, own0), (t1, busy1, servers1, own1) = self.start, self.sample()
        # A process that started meanwhile (a database connection) counts from zero.
        ours = sum(cpu - servers0.get(pid, 0.0) for pid, cpu in servers1.items())
        self.servers_seconds = ours  # what serving the pages cost, whatever else ran
        others = max(0.0, (busy1 - busy0) - ours - (own1 - own0))
        return others / ((t1 - t0) * (os.cpu_count() or 1))


def wait_until_idle(ours, limit: float, threshold: float = 0.10) -> float:
    """Wait until others use under `threshold` of the CPU over 2 s, at most `limit` s."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        meter = CpuMeter(ours)
        time.sleep(2)
        if meter.others_share() < threshold:
            break
    return time.monotonic() - started


def process_cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    after_name = stat.rsplit(")", 1)[1].split()
    return (int(after_name[11]) + int(after_name[12])) / CLK_TCK  # utime, stime


def children(pid: int) -> list[int]:
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in listed.split()]


def service_pids(cache_url: str | None):
    """A function listing the PostgreSQL server's and Redis's processes (when local)."""
    from django.db import connection

    roots = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            data_directory = cursor.fetchone()[0]
        try:
            roots.append(int(Path(data_directory, "postmaster.pid").read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    if cache_url:
        import redis

        try:
            roots.append(int(redis.Redis.from_url(cache_url).info("server")["process_id"]))
        except (redis.RedisError, KeyError, ValueError):
            pass

    def pids() -> list[int]:
        return [pid for root in roots for pid in (root, *children(root))]

    return pids


CLK_TCK = os.sysconf("SC_CLK_TCK")
WRK_LATENCY = re.compile(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
WRK_REQUESTS = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s|m)")
WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(wrk: str, url: str, args, headers: dict[str, str] | None = None) -> dict:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        f"--timeout={args.timeout}",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def parse_wrk(output: str) -> dict:
    # wrk leaves the requests that timed out out of the latencies; when all did, it
    # prints zeros.
    latency = {
        int(match[1]): float(match[2]) * UNIT_MS[match[3]] or math.nan
        for match in WRK_LATENCY.finditer(output)
    }
    requests = WRK_REQUESTS.search(output)
    rps = WRK_RPS.search(output)
    if not (requests and rps):
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    socket_errors = WRK_SOCKET.search(output)
    connect, read, write, timeout = (
        (int(n) for n in socket_errors.groups()) if socket_errors else (0, 0, 0, 0)
    )
    non_2xx = WRK_NON_2XX.search(output)
    bad = int(non_2xx[1]) if non_2xx else 0
    return {
        "requests": int(requests[1]),
        "rps": float(rps[1]),
        "p50_ms": latency.get(50, math.nan),
        "p90_ms": latency.get(90, math.nan),
        "p99_ms": latency.get(99, math.nan),
        "non_2xx": bad,
        "socket_errors": connect + read + write,
        "timeouts": timeout,
        "errors": bad + connect + read + write + timeout,
    }


# --- Applications ---------------------------------------------------------------------------


@dataclass
class Submission:
    serial: int
    org_number: str
    late_s: float = 0.0
    seconds: float = 0.0
    confirmed: bool = False
    problem: str = ""


@dataclass
class Submitter:
    """Sends `rate` applications per second on a fixed schedule, each on its own session
    (GET the form, POST it), from a pool of threads so a slow answer delays no other."""

    base: str
    rate: float
    agreement: str  # the slug: the form and its receipt are under the agreement's prefix
    submissions: list[Submission] = field(default_factory=list)

    def start(self) -> None:
        from agreements.models import Agreement
        from parties.demo import org_number
        from parties.models import ActivityArea, LegalForm, Municipality

        agreement = Agreement.objects.get(slug=self.agreement)
        signing = agreement.in_force.signing_sectors
        assert "civil_society" in signing, signing
        self.municipalities = list(Municipality.objects.values_list("slug", flat=True))
        self.areas = list(ActivityArea.objects.values_list("slug", flat=True))
        self.legal_form = LegalForm.NON_PROFIT_ASSOCIATION.value
        self.org_number = org_number
        # Enough threads to keep the rate while pages answer slowly (10 s a submission).
        self.pool = ThreadPoolExecutor(max_workers=128, thread_name_prefix="apply")
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.schedule, name="submitter", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.pool.shutdown(wait=True)

    def schedule(self) -> None:
        started = time.monotonic()
        n = 0
        while not self.stopping.is_set():
            due = started + n / self.rate
            wait = due - time.monotonic()
            if wait > 0 and self.stopping.wait(wait):
                break
            self.pool.submit(self.submit, n, due)
            n += 1

    def submit(self, n: int, due: float) -> None:
        serial = APPLICANT_SERIAL + n
        submission = Submission(serial=serial, org_number=self.org_number(serial))
        began = time.monotonic()
        submission.late_s = began - due
        try:
            submission.confirmed, submission.problem = self.apply(submission)
        except Exception as error:  # noqa: BLE001 - any failure is a failed submission
            submission.problem = f"{type(error).__name__}: {error}"
        submission.seconds = time.monotonic() - began
        with self.lock:
            self.submissions.append(submission)

    def apply(self, submission: Submission) -> tuple[bool, str]:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        url = f"{self.base}/{self.agreement}/anslut/"
        with opener.open(url, timeout=60) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            return False, "no CSRF token in the form"
        n = submission.serial
        data = {
            "csrfmiddlewaretoken": token[1],
            "name": f"Lastprovets förening {n}",
            "org_number": submission.org_number,
            "sector": "civil_society",
            "legal_form": self.legal_form,
            "municipality": self.municipalities[n % len(self.municipalities)],
            "areas": [self.areas[n % len(self.areas)]],
            "website": "",
            "description": "Ansökan från lastprovet.",
            "contact_name": f"Kontakt {n}",
            "contact_role": "Ordförande",
            "contact_email": f"ansokan{n}@{APPLICANT_DOMAIN}",
            "contact_phone": "",
            "signatory_name": f"Kontakt {n}",
            "signatory_role": "Ordförande",
            "supports_democratic_values": "on",
            "endorses_agreement": "on",
            "decided_by_own_statutes": "on",
            "consents_to_processing": "on",
            "homepage": "",
        }
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, method="POST")
        try:
            with opener.open(request, timeout=60) as response:
                return False, f"answered {response.status} instead of the receipt's redirect"
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location", "")
            if error.code == 302 and f"/{self.agreement}/anslut/kvitto/" in location:
                return True, ""
            return False, f"answered {error.code}"


def check_submissions(submitter: Submitter) -> dict:
    """Confirmed applications against the rows: none lost, none stored twice."""
    from parties.models import Application

    stored = Counter(
        Application.objects.filter(contact__email__endswith=f"@{APPLICANT_DOMAIN}").values_list(
            "membership__organisation__org_number", flat=True
        )
    )
    submissions = submitter.submissions
    confirmed = {s.org_number for s in submissions if s.confirmed}
    lost = len(confirmed - set(stored))
    duplicated = sum(count - 1 for count in stored.values())
    failed = [s for s in submissions if not s.confirmed]
    seconds = sorted(s.seconds for s in submissions) or [0.0]
    return {
        "sent": len(submissions),
        "confirmed": len(confirmed),
        "failed": len(failed),
        "problems": Counter(s.problem for s in failed).most_common(5),
        "stored": sum(stored.values()),
        "stored_unconfirmed": len(set(stored) - confirmed),
        "lost": lost,
        "duplicated": duplicated,
        "median_s": statistics.median(seconds),
        "max_s": seconds[-1],
        "late_s": max((s.late_s for s in submissions), default=0.0),
        "passed": lost == 0 and duplicated == 0 and not failed,
    }


# --- The report -----------------------------------------------------------------------------


def print_report(vendor, cache_url, args, seeded, seed_seconds, results, outcome) -> None:
    import django

    cache = "Redis" if cache_url else "local memory (per process)"
    # What the server did, not what the settings said when this process read them.
    pagecache = any(row["x_cache"] != "–" for row in results)
    print()
    print(
        f"### {vendor}, cache: {cache}; "
        f"{datetime.datetime.now(datetime.UTC).isoformat(timespec='minutes')}"
    )
    print()
    waiting = (
        f" (each after waiting up to {args.wait_idle:g} s for an idle CPU)"
        if args.wait_idle
        else ""
    )
    print(
        f"{seeded['active']:,} active parties ({seeded['parties']:,} seeded in "
        f"{seed_seconds:.0f} s, with the demo); gunicorn {args.workers} sync workers, DEBUG=0; "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.seconds}s "
        f"--timeout={args.timeout}` per page"
        + waiting
        + f"; {args.rate:g} applications/s meanwhile. "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs; whole-page cache (X-Cache header): "
        f"{'yes' if pagecache else 'no'}."
    )
    print()
    print(
        "| page | address | req/s | % of trivial | p50 ms | p99 ms | requests | errors "
        "| X-Cache | size | server CPU ms/req | others' CPU | result |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|---|")
    for row in results:
        errors = str(row["errors"])
        if row["errors"]:
            errors += (
                f" ({row['non_2xx']} non-2xx/3xx, {row['socket_errors']} socket, "
                f"{row['timeouts']} timeouts)"
            )
        result = "–" if row["key"] == "trivial" else ("PASS" if row["passed"] else "FAIL")
        size = human(row["bytes"]) + (f" {row['encoding']}" if row["encoding"] else "")
        print(
            f"| {row['label']} | `{row['path']}` | {row['rps']:,.1f} | {row['share']:.1%} "
            f"| {ms(row['p50_ms'])} | {ms(row['p99_ms'])} | {row['requests']:,} | {errors} "
            f"| {row['x_cache']} | {size} | {row['cpu_ms']:.1f} | {row['other_cpu']:.0%} "
            f"| {result} |"
        )
    print()
    o = outcome
    print(
        f"Applications: {o['sent']} sent, {o['confirmed']} confirmed (redirect to the "
        f"receipt), {o['failed']} failed; {o['stored']} stored ({o['stored_unconfirmed']} "
        f"of them not confirmed); **lost {o['lost']}, duplicated {o['duplicated']}**; "
        f"GET+POST median {o['median_s'] * 1000:.0f} ms, max {o['max_s'] * 1000:.0f} ms; "
        f"at most {o['late_s']:.1f} s behind schedule. " + ("PASS" if o["passed"] else "FAIL")
    )
    for problem, count in o["problems"]:
        print(f"- {count} × {problem}")
    if o["server_errors"]:
        print()
        print("Exceptions in gunicorn's log:")
        for line, count in o["server_errors"]:
            print(f"- {count} × `{line}`")
    failing = [row for row in results if row["key"] != "trivial" and not row["passed"]]
    print()
    print(
        "Others' CPU: the share of the machine's CPU time that went to processes other than "
        "gunicorn, PostgreSQL, Redis, wrk and this script while the page ran (other "
        "people's work disturbs the figures; compare runs where it is near 0 %)."
    )
    print()
    print(
        f"Pages below {TARGET_SHARE:.0%} of the trivial view or with errors: "
        + (", ".join(f"{row['label']} ({row['share']:.1%})" for row in failing) or "none")
    )


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.1f}"


def human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MiB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} B"


if __name__ == "__main__":
    sys.exit(main())
