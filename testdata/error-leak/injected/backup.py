"""Backup tools attached to the server the entry point passes; no SDK import here."""

from __future__ import annotations

import logging
import shutil
import traceback

log = logging.getLogger(__name__)
BACKUPS = "/var/backups/notes"


def register_backup_tools(registrar) -> None:
    """Attach the backup tools."""

    @registrar.tool()
    def backup_now() -> str:
        """Copy the notes folder to the backup folder."""
        try:
            shutil.copytree("/srv/notes", BACKUPS, dirs_exist_ok=True)
            return "done"
        except OSError:
            return "backup failed:\n" + traceback.format_exc()  # expect: error-leak

    @registrar.tool()
    def backup_checked() -> str:
        """Copy the notes folder to the backup folder, logging failures."""
        try:
            shutil.copytree("/srv/notes", BACKUPS, dirs_exist_ok=True)
            return "done"
        except OSError:
            log.exception("backup failed")
            return "backup failed; see the server log"
