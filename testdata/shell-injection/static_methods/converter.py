"""Static and class methods that the tools call on the class, by keyword."""

import shlex
import subprocess


class Converter:
    @staticmethod
    def convert(*, file_path: str, tool: str = "markitdown") -> str:
        """Runs the converter through a shell."""
        return subprocess.check_output(f"{tool} {file_path}", shell=True, text=True)  # expect: shell-injection from=file_path

    @staticmethod
    def convert_quoted(*, file_path: str, tool: str = "markitdown") -> str:
        """Runs the converter through a shell with the path quoted."""
        return subprocess.check_output(f"{tool} {shlex.quote(file_path)}", shell=True, text=True)

    @classmethod
    def preview(cls, file_path: str) -> str:
        """Shows the first lines through a shell."""
        return subprocess.check_output(f"head -n 20 {file_path}", shell=True, text=True)  # expect: shell-injection from=file_path

    @classmethod
    def preview_quoted(cls, file_path: str) -> str:
        """Shows the first lines through a shell with the path quoted."""
        return subprocess.check_output(f"head -n 20 {shlex.quote(file_path)}", shell=True, text=True)
