"""Process helpers of a disk-usage server: short names for the subprocess calls it makes."""

import subprocess

# Module-level aliases, imported by the tool modules as `from .procs import capture`.
capture = subprocess.check_output
launch = subprocess.run

TIMEOUT = 30
