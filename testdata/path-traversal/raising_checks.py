"""Render-job queue whose job ids are checked by helpers that raise unless the id has the
queue's shape (FastMCP): `job_` and 32 hex digits names one file below the queue."""

import os
import re
from pathlib import Path

from mcp.server.fastmcp import FastMCP

QUEUE = Path(os.environ.get("QUEUE_DIR", "/var/lib/render/queue"))
JOB_ID = re.compile(r"job_[0-9a-f]{32}")

mcp = FastMCP("render-queue")


def check_job_id(job_id: str) -> None:
    if not JOB_ID.fullmatch(job_id):
        raise ValueError(f"not a job id: {job_id!r}")


async def check_job_id_async(job_id: str) -> None:
    if not JOB_ID.fullmatch(job_id):
        raise ValueError(f"not a job id: {job_id!r}")


def check_label(label: str) -> str:
    if not label.isalnum():
        raise ValueError("labels are letters and digits")
    return label


@mcp.tool()
def cancel(job_id: str) -> str:
    """Cancel a queued render job."""
    check_job_id(job_id)
    os.remove(QUEUE / f"{job_id}.json")  # the check above stops bad ids: not reported
    return "cancelled"


@mcp.tool()
def cancel_swallowed(job_id: str) -> str:
    """Cancel a queued render job, logging bad ids."""
    try:
        check_job_id(job_id)
    except ValueError as e:
        print(e)
    os.remove(QUEUE / f"{job_id}.json")  # expect: path-traversal from=job_id
    return "cancelled"


@mcp.tool()
async def retry(job_id: str) -> str:
    """Retry a failed render job."""
    await check_job_id_async(job_id)
    return (QUEUE / f"{job_id}.json").read_text()  # the check above stops bad ids: not reported


@mcp.tool()
async def retry_unawaited(job_id: str) -> str:
    """Retry a failed render job (the check is never awaited)."""
    check_job_id_async(job_id)
    return (QUEUE / f"{job_id}.json").read_text()  # expect: path-traversal from=job_id


@mcp.tool()
def tag(job_id: str, label: str) -> str:
    """Attach a label file to a job."""
    check_label(label)
    (QUEUE / f"{label}.label").write_text(job_id)  # the check above stops bad ids: not reported
    return "tagged"


@mcp.tool()
def tag_wrong_value(job_id: str, label: str) -> str:
    """Attach a label file to a job (checks the label, writes the job id)."""
    check_label(label)
    (QUEUE / f"{job_id}.label").write_text(label)  # expect: path-traversal from=job_id
    return "tagged"
