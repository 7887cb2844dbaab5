"""Where notes live, and the check the server trusts for them."""

import os

ROOT = "/srv/notes"


def safe_path(name: str) -> str:
    """The note's path; refuses parent segments."""
    if ".." in name:
        raise ValueError("no parent segments")
    return os.path.normpath(os.path.join(ROOT, name))
