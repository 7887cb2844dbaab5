"""Artifact tools (FastMCP): URLs that AWS hands back are not the model's choice."""

import requests
from mcp.server.fastmcp import FastMCP

from . import urls
from .clients import codeartifact, lambda_client

mcp = FastMCP("artifacts")


@mcp.tool()
def layer_code(layer_arn: str) -> bytes:
    """Download the code of a Lambda layer version."""
    layer = lambda_client.get_layer_version_by_arn(Arn=layer_arn)
    return requests.get(layer["Content"]["Location"], timeout=30).content


@mcp.tool()
def package_asset(domain: str, package: str, version: str) -> bytes:
    """Download a package asset from CodeArtifact."""
    endpoint = codeartifact.get_repository_endpoint(domain=domain, repository="pypi", format="pypi")
    return requests.get(endpoint["repositoryEndpoint"] + "simple/" + package, timeout=30).content


@mcp.tool()
def mirror_download(mirror: str, package: str) -> bytes:
    """Download a package from a mirror the user names."""
    return requests.get(urls.mirror_url(mirror, package), timeout=30).content  # expect: ssrf from=mirror


@mcp.tool()
def registry_index(scheme: str, registry: str) -> str:
    """Read the index of a package registry."""
    return requests.get(f"{scheme}://{registry}/simple/", timeout=30).text  # expect: ssrf from=scheme
