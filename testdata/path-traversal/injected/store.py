"""Where the notes live."""

import os

NOTES = os.path.realpath(os.environ.get("NOTES_DIR", "/srv/notes"))
