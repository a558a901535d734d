"""The agreement a request concerns, for the parties' views.

Both helpers are agreements.pages's, the one place that knows the agreements' addresses:
`request_agreement(request)` is the request's agreement (None on an installation page),
`path_in(agreement, path, current)` the same page of another agreement.
"""

from agreements.pages import agreement_of as request_agreement
from agreements.pages import agreement_path as path_in

__all__ = ["path_in", "request_agreement"]
