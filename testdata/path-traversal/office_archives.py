"""A documents server: spreadsheets, Word files, images, data frames, repositories and archives,
each opened or written at a path the model gives. Each tool has a twin that resolves the path
under the work directory first (or, for archives, extracts with `filter="data"`)."""

import os
import shutil
import tarfile
import zipfile

import pandas as pd
from docx import Document
from git import Repo
from markitdown import MarkItDown
from mcp.server.fastmcp import FastMCP
from openpyxl import Workbook
from PIL import Image

mcp = FastMCP("documents")
ROOT = os.path.realpath("/srv/work")


def contained(path: str) -> str:
    full = os.path.realpath(os.path.join(ROOT, path))
    if not full.startswith(ROOT + os.sep):
        raise ValueError("path outside the work directory")
    return full


@mcp.tool()
def create_workbook(filepath: str) -> str:
    """Create an empty workbook."""
    wb = Workbook()
    wb.save(filepath)  # expect: path-traversal from=filepath
    return filepath


@mcp.tool()
def create_workbook_contained(filepath: str) -> str:
    """Create an empty workbook under the work directory."""
    wb = Workbook()
    wb.save(contained(filepath))  # safe: path-traversal
    return filepath


@mcp.tool()
def add_heading(filename: str, text: str) -> str:
    """Add a heading to a Word document."""
    doc = Document(filename)  # expect: path-traversal from=filename
    doc.add_heading(text, 1)
    doc.save(filename)  # expect: path-traversal from=filename
    return "ok"


@mcp.tool()
def add_heading_contained(filename: str, text: str) -> str:
    """Add a heading to a Word document under the work directory."""
    full = contained(filename)
    doc = Document(full)
    doc.add_heading(text, 1)
    doc.save(full)  # safe: path-traversal
    return "ok"


@mcp.tool()
def thumbnail(image_path: str, out_path: str) -> str:
    """Write a thumbnail of an image."""
    img = Image.open(contained(image_path))
    img.thumbnail((128, 128))
    img.save(out_path)  # expect: path-traversal from=out_path
    return out_path


@mcp.tool()
def thumbnail_contained(image_path: str, out_path: str) -> str:
    """Write a thumbnail of an image under the work directory."""
    img = Image.open(contained(image_path))
    img.thumbnail((128, 128))
    img.save(contained(out_path))  # safe: path-traversal
    return out_path


@mcp.tool()
def export_rows(rows: list[dict], csv_path: str) -> str:
    """Write rows to a CSV file."""
    frame = pd.DataFrame(rows)
    frame.to_csv(csv_path, index=False)  # expect: path-traversal from=csv_path
    return csv_path


@mcp.tool()
def export_rows_contained(rows: list[dict], csv_path: str) -> str:
    """Write rows to a CSV file under the work directory."""
    frame = pd.DataFrame(rows)
    frame.to_csv(contained(csv_path), index=False)  # safe: path-traversal
    return csv_path


@mcp.tool()
def clone(url: str, dest: str) -> str:
    """Clone a repository."""
    Repo.clone_from(url, dest)  # expect: path-traversal from=dest
    return dest


@mcp.tool()
def clone_contained(url: str, dest: str) -> str:
    """Clone a repository under the work directory."""
    Repo.clone_from(url, contained(dest))  # safe: path-traversal
    return dest


@mcp.tool()
def stage(file_path: str) -> str:
    """Stage a file in the work repository."""
    repo = Repo(ROOT)
    repo.index.add([file_path])  # expect: path-traversal from=file_path
    return "staged"


@mcp.tool()
def stage_contained(file_path: str) -> str:
    """Stage a file of the work repository."""
    repo = Repo(ROOT)
    repo.index.add([contained(file_path)])  # safe: path-traversal
    return "staged"


@mcp.tool()
def to_markdown(uri: str) -> str:
    """Convert a document (a path or a file:, http: or https: URI) to Markdown."""
    return MarkItDown().convert_uri(uri).markdown  # expect: path-traversal from=uri, ssrf from=uri


@mcp.tool()
def to_markdown_contained(name: str) -> str:
    """Convert a document of the work directory to Markdown."""
    return MarkItDown().convert(contained(name)).markdown  # safe: path-traversal


@mcp.tool()
def unpack_zip(archive: str, dest: str) -> str:
    """Unpack a zip archive of the work directory."""
    with zipfile.ZipFile(contained(archive)) as zf:
        zf.extractall(dest)  # expect: path-traversal from=dest
    return dest


@mcp.tool()
def unpack_zip_contained(archive: str, dest: str) -> str:
    """Unpack a zip archive of the work directory under it."""
    with zipfile.ZipFile(contained(archive)) as zf:
        zf.extractall(contained(dest))  # safe: path-traversal
    return dest


@mcp.tool()
def unpack_member(archive: str, member: str, dest: str) -> str:
    """Extract one member of a zip archive of the work directory."""
    with zipfile.ZipFile(contained(archive)) as zf:
        return zf.extract(member, dest)  # expect: path-traversal from=dest


@mcp.tool()
def unpack_member_contained(archive: str, member: str, dest: str) -> str:
    """Extract one member of a zip archive of the work directory under it."""
    with zipfile.ZipFile(contained(archive)) as zf:
        return zf.extract(member, contained(dest))  # safe: path-traversal


@mcp.tool()
def install_templates(dest: str) -> str:
    """Unpack the bundled templates into a folder."""
    shutil.unpack_archive("/usr/share/templates.zip", dest, format="zip")  # expect: path-traversal from=dest
    return dest


@mcp.tool()
def unpack_tar(archive: str) -> str:
    """Unpack a tar archive of the work directory into it."""
    with tarfile.open(contained(archive)) as tf:
        tf.extractall(ROOT)  # expect: path-traversal from=archive
    return ROOT


@mcp.tool()
def unpack_tar_filtered(archive: str) -> str:
    """Unpack a tar archive of the work directory into it, refusing members that leave it."""
    with tarfile.open(contained(archive)) as tf:
        tf.extractall(ROOT, filter="data")
    return ROOT


@mcp.tool()
def unpack_any(archive: str) -> str:
    """Unpack an archive of the work directory into it."""
    shutil.unpack_archive(contained(archive), ROOT)  # expect: path-traversal from=archive
    return ROOT


@mcp.tool()
def unpack_any_filtered(archive: str) -> str:
    """Unpack an archive of the work directory into it, refusing members that leave it."""
    shutil.unpack_archive(contained(archive), ROOT, filter="data")  # safe: path-traversal
    return ROOT
