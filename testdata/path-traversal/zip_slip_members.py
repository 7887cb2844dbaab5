"""A bundle installer: the model picks an uploaded archive (its path is checked to be in the
inbox) and the server unpacks it by hand, member by member, into the bundle folder.

The archive's own path is safe; its member names are not: `../../home/app/.bashrc` or an
absolute name written under the bundle folder lands where it says (zip slip). Each tool has a
twin that differs in the one line that matters: the member's path is resolved and checked to
stay in the folder (or reduced to its last component) before it is written."""

import os
import tarfile
import zipfile

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("bundles")
INBOX = os.path.realpath("/srv/inbox")
BUNDLES = os.path.realpath("/srv/bundles")


def in_inbox(name: str) -> str:
    """An uploaded archive's path, inside the inbox."""
    path = os.path.realpath(os.path.join(INBOX, name))
    if not path.startswith(INBOX + os.sep):
        raise ValueError(f"{name} is not in the inbox")
    return path


def inside(folder: str, member: str) -> str:
    """Where a member goes, refusing names that leave the folder."""
    target = os.path.realpath(os.path.join(folder, member))
    if not target.startswith(folder + os.sep):
        raise ValueError(f"{member} leaves {folder}")
    return target


@mcp.tool()
def install_zip(upload: str) -> str:
    """Unpack an uploaded zip bundle."""
    with zipfile.ZipFile(in_inbox(upload)) as zf:
        for name in zf.namelist():
            target = os.path.join(BUNDLES, name)
            with open(target, "wb") as out:  # expect: path-traversal from=upload
                out.write(zf.read(name))
    return f"installed {upload}"


@mcp.tool()
def install_zip_checked(upload: str) -> str:
    """Unpack an uploaded zip bundle, refusing members that leave the bundle folder."""
    with zipfile.ZipFile(in_inbox(upload)) as zf:
        for name in zf.namelist():
            target = inside(BUNDLES, name)
            with open(target, "wb") as out:  # safe: path-traversal
                out.write(zf.read(name))
    return f"installed {upload}"


@mcp.tool()
def install_zip_infos(upload: str) -> str:
    """Unpack the files of an uploaded zip bundle."""
    archive = zipfile.ZipFile(in_inbox(upload))
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = archive.read(info)
        dest = os.path.join(BUNDLES, info.filename)
        os.makedirs(os.path.dirname(dest), exist_ok=True)  # expect: path-traversal from=upload
        with open(dest, "wb") as out:  # expect: path-traversal from=upload
            out.write(data)
    return f"installed {upload}"


@mcp.tool()
def install_zip_infos_flat(upload: str) -> str:
    """Unpack the files of an uploaded zip bundle, flattened into the bundle folder."""
    archive = zipfile.ZipFile(in_inbox(upload))
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = archive.read(info)
        dest = os.path.join(BUNDLES, os.path.basename(info.filename))
        os.makedirs(os.path.dirname(dest), exist_ok=True)  # safe: path-traversal
        with open(dest, "wb") as out:  # safe: path-traversal
            out.write(data)
    return f"installed {upload}"


@mcp.tool()
def install_tar(upload: str) -> str:
    """Unpack the regular files of an uploaded tar bundle."""
    with tarfile.open(in_inbox(upload)) as tf:
        for member in tf.getmembers():
            if not member.isfile():
                continue
            target = os.path.join(BUNDLES, member.name)
            with open(target, "wb") as out:  # expect: path-traversal from=upload
                out.write(tf.extractfile(member).read())
    return f"installed {upload}"


@mcp.tool()
def install_tar_checked(upload: str) -> str:
    """Unpack the regular files of an uploaded tar bundle inside the bundle folder."""
    with tarfile.open(in_inbox(upload)) as tf:
        for member in tf.getmembers():
            if not member.isfile():
                continue
            target = inside(BUNDLES, member.name)
            with open(target, "wb") as out:  # safe: path-traversal
                out.write(tf.extractfile(member).read())
    return f"installed {upload}"


@mcp.tool()
def bundle_manifest(upload: str) -> dict[str, str]:
    """The text files of an uploaded bundle, read in memory: nothing is written."""
    with zipfile.ZipFile(in_inbox(upload)) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist() if name.endswith(".txt")}
