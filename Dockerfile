# Samverkan: the production image (web, worker and beat all run from it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint's runtime libraries (Pango, HarfBuzz), a font, gettext for compilemessages,
# and pg_dump/pg_restore (15, as the database) for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN pip install uv

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project && rm -rf /root/.cache/uv

COPY . .

# Settings need a key and hosts when DEBUG is off; these exist only during the build.
RUN SECRET_KEY=build-time-only-not-secret DEBUG=0 ALLOWED_HOSTS='*' \
        python manage.py compilemessages --ignore=.venv \
    && SECRET_KEY=build-time-only-not-secret DEBUG=0 ALLOWED_HOSTS='*' \
        python manage.py collectstatic --noinput

# Uploads belong to the portal's user alone (settings: FILE_UPLOAD_*_PERMISSIONS); a new
# media volume takes this directory's owner and mode.
RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/media \
    && chown app:app /app/media \
    && chmod 700 /app/media
USER app

EXPOSE 8000

# The health check (GET /healthz) is in docker-compose.yml, on the web service only:
# worker and beat run from this image too. gunicorn limits the request line and headers
# (its defaults, stated); it has no limit on the body: the proxy in front and the portal
# itself refuse large bodies (README, "Production stack").
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--limit-request-line", "4094", "--limit-request-fields", "100", "--limit-request-field_size", "8190"]
