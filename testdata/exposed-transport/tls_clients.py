"""Inventory lookups against an internal API (FastMCP); certificate handling done right and wrong."""

import ssl
import urllib.request

import httpx
import requests
from mcp.server.fastmcp import FastMCP
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    api_url: str = "https://inventory.internal.example/api"
    verify_ssl: bool = True
    ca_bundle: str = "/etc/ssl/certs/internal-ca.pem"


settings = Settings()
mcp = FastMCP("inventory")


@mcp.tool()
def stock_level(sku: str) -> str:
    """Units in stock for one SKU."""
    r = requests.get(f"{settings.api_url}/stock", params={"sku": sku}, verify=False)  # expect: exposed-transport
    return r.text


@mcp.tool()
async def price(sku: str) -> str:
    """Current price of one SKU."""
    async with httpx.AsyncClient(verify=settings.verify_ssl) as client:
        r = await client.get(f"{settings.api_url}/price", params={"sku": sku})
        return r.text


@mcp.tool()
def supplier(sku: str) -> str:
    """Supplier of one SKU, verified against the private CA."""
    return requests.get(f"{settings.api_url}/supplier/{sku}", verify=settings.ca_bundle).text


def legacy_fetch(url: str) -> bytes:
    ctx = ssl._create_unverified_context()  # expect: exposed-transport
    with urllib.request.urlopen(url, context=ctx) as r:
        return r.read()


def pinned_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=settings.ca_bundle)
    ctx.check_hostname = False  # expect: exposed-transport
    ctx.verify_mode = ssl.CERT_NONE  # expect: exposed-transport
    return ctx


def describe(ctx: ssl.SSLContext) -> str:
    # Comparing against CERT_NONE is a check, not a setting.
    if ctx.verify_mode == ssl.CERT_NONE:
        return "unverified"
    return "verified"


session = requests.Session()
session.verify = False  # expect: exposed-transport
strict = requests.Session()
strict.verify = settings.ca_bundle


def memcache_tls(verify: bool) -> ssl.SSLContext:
    # An opt-out the deployment chooses: verification stays on by default.
    ctx = ssl.create_default_context()
    if verify:
        ctx.verify_mode = ssl.CERT_REQUIRED
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def fetch_with_fallback(url: str) -> str:
    try:
        return requests.get(url, timeout=10).text
    except requests.exceptions.SSLError:
        # Retrying without verification after a certificate error defeats verification.
        return requests.get(url, timeout=10, verify=False).text  # expect: exposed-transport
