"""The client's address, by one rule for every limit that counts per address.

Behind a reverse proxy every request comes from the proxy's address (REMOTE_ADDR); the
client's is the last one a trusted proxy appended to X-Forwarded-For. allauth reads it that
way when ALLAUTH_TRUSTED_PROXY_COUNT says how many proxies we run (the entries to the left
of those are whatever the client sent, and are ignored). The application form's limit
(django-ratelimit, RATELIMIT_IP_META_KEY) asks the same function, so sign-in and
application limits key on the same client, never on the proxy.
"""

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return get_adapter(request).get_client_ip(request)
