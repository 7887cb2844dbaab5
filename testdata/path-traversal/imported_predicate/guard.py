"""Checks that keep report paths inside the reports folder, used by server.py.

`is_inside_reports` compares strings without a separator (`/srv/reports_old/x` starts with
`/srv/reports`): the finding goes here, at the check, for the tools that rely on it.
`is_inside_reports_fixed` is its fix.
"""

import os

REPORTS = os.path.realpath(os.environ.get("REPORTS_DIR", "/srv/reports"))


def is_inside_reports(path: str) -> bool:
    return os.path.realpath(path).startswith(REPORTS)  # expect: path-traversal from=name


def is_inside_reports_fixed(path: str) -> bool:
    return os.path.realpath(path).startswith(REPORTS + os.sep)
