"""Files the portal hands out (uploaded attachments, generated reports), always as downloads.

A file someone uploaded may be crafted: a PDF with JavaScript, an HTML page named .pdf.
Opened inline, it would run in the portal's origin, in a staff member's signed-in browser.
Every stored file therefore goes out through `download_response`:

- `Content-Disposition: attachment`: the browser saves it instead of showing it;
- a strict `Content-Type` (the type the file was verified as when stored, else
  `application/octet-stream`) with `X-Content-Type-Options: nosniff`, so no browser guesses
  another;
- `Content-Security-Policy: sandbox; default-src 'none'`: should a browser show it anyway,
  it runs no script, loads nothing and is treated as coming from no origin of ours;
- `Cache-Control: private, no-store` unless the caller says the file is public.
"""

from typing import BinaryIO

from django.http import FileResponse

SANDBOX = "sandbox; default-src 'none'"


def download_response(
    handle: BinaryIO,
    *,
    filename: str,
    content_type: str = "application/octet-stream",
    public: bool = False,
) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
