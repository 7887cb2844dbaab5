"""Artifact tools (FastMCP): URLs that an API hands back were not chosen by the model."""

import boto3
import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("artifacts")

s3 = boto3.client("s3")


class DocsIndex:
    """A stand-in for a search client from a library (no project method is named `search`)."""


index = DocsIndex()


@mcp.tool()
def download_artifact(bucket: str, key: str) -> bytes:
    """Download a build artifact through a presigned URL."""
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
    return requests.get(url, timeout=30).content


def _call_operation(client, operation: str, body: dict):
    """Invoke an S3 operation chosen by its name (boto3 dynamic dispatch)."""
    method = getattr(client, operation)
    return method(**body)


@mcp.tool()
def upload_artifact(bucket: str, key: str, content: str) -> int:
    """Upload a build artifact through a presigned URL the API hands back."""
    params = {"ClientMethod": "put_object", "Params": {"Bucket": bucket, "Key": key}}
    url = _call_operation(s3, "generate_presigned_url", params)
    return requests.put(url, data=content, timeout=30).status_code


@mcp.tool()
def fetch_top_result(query: str) -> str:
    """Fetch the first documentation page matching a query."""
    hits = index.lookup_pages(query)
    return requests.get(hits[0]["url"], timeout=30).text


@mcp.tool()
def fetch_mirror(path: str, mirror: str) -> str:
    """Fetch a file from a mirror: the mirror URL itself is the model's choice."""
    base = mirror.rstrip("/")
    return requests.get(base + "/" + path, timeout=30).text  # expect: ssrf from=mirror


@mcp.tool()
def fetch_joined(parts: list[str]) -> str:
    """Fetch a URL joined from parts the model gives."""
    url = "/".join(parts)
    return requests.get(url, timeout=30).text  # expect: ssrf
