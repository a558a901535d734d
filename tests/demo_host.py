"""Serve the loaded demo's regional agreement on the test client's host, unprefixed.

The test client asks for `testserver`; with that as the region's own host name, the demo's
tests keep using today's addresses (`/undertecknare/`), while Björkvik's pages stay under
their prefix (`/bjorkvik/…`), as on any host name an agreement has.
"""

TEST_HOST = "testserver"


def serve_demo_here(slug: str = "norradalen") -> None:
    from agreements.models import Agreement

    agreement = Agreement.objects.filter(slug=slug).first()
    if agreement is not None and agreement.domain != TEST_HOST:
        agreement.domain = TEST_HOST
        agreement.save(update_fields=["domain", "updated_at"])
