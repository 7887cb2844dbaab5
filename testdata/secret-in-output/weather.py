# A FastMCP weather server holding an API key: tools that show the key (in a result, an error or
# a log) and their fixed twins that say whether it is set or show four characters of it.
import logging
import os

import httpx
from dotenv import dotenv_values
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather")
log = logging.getLogger(__name__)
API_KEY = os.environ.get("WEATHER_API_KEY", "")
ENDPOINT = os.environ.get("WEATHER_ENDPOINT_URL", "https://api.weather.example")


@mcp.tool()
def show_config() -> dict:
    """Show how the server is configured."""
    return {"endpoint": ENDPOINT, "api_key": API_KEY}  # expect: secret-in-output


@mcp.tool()
def show_config_masked() -> dict:
    """Show how the server is configured."""
    return {"endpoint": ENDPOINT, "api_key": "set" if API_KEY else "missing"}  # safe: secret-in-output


@mcp.tool()
def show_key_prefix() -> str:
    """Show which key the server uses."""
    return f"key {API_KEY[:4]}... ({len(API_KEY)} characters)"  # safe: secret-in-output


@mcp.tool()
async def forecast(city: str) -> str:
    """Forecast for a city."""
    key = os.getenv("WEATHER_API_KEY")
    log.info("forecast for %s with key %s", city, key)  # warn: secret-in-output
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{ENDPOINT}/forecast", params={"q": city, "key": key})
    if r.status_code == 401:
        raise ValueError(f"the weather API refused key {key}")  # expect: secret-in-output
    return r.text


@mcp.tool()
async def forecast_quiet(city: str) -> str:
    """Forecast for a city."""
    key = os.getenv("WEATHER_API_KEY")
    log.info("forecast for %s with key %s...", city, key[-4:])  # safe: secret-in-output
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{ENDPOINT}/forecast", params={"q": city, "key": key})
    if r.status_code == 401:
        raise ValueError("the weather API refused the configured key")  # safe: secret-in-output
    return r.text


def _admin_token() -> str:
    return os.environ["WEATHER_ADMIN_TOKEN"]


@mcp.tool()
def debug_auth() -> str:
    """Show the admin credentials in use."""
    return "admin token: " + _admin_token()  # expect: secret-in-output


@mcp.tool()
def debug_env_file() -> dict:
    """Show the server's .env settings."""
    return dict(dotenv_values(".env"))  # expect: secret-in-output


@mcp.tool()
def debug_env_keys() -> list:
    """Show which settings the server's .env file has."""
    return sorted(dotenv_values(".env").keys())  # safe: secret-in-output


@mcp.tool()
def read_credentials() -> str:
    """Show the service account in use."""
    with open("credentials.json") as f:
        return f.read()  # expect: secret-in-output


class Billing:
    """A client for the billing API."""

    def __init__(self) -> None:
        self.api_key = os.environ.get("BILLING_KEY", "")
        self.base_url = "https://billing.example/api"

    def describe(self) -> str:
        logging.warning("billing client for %s with key %s", self.base_url, self.api_key)  # warn: secret-in-output
        return self.base_url


billing = Billing()


@mcp.tool()
def billing_status() -> str:
    """Where billing requests go."""
    return billing.describe()


class MailClient:
    """A client for the mail API."""

    def __init__(self) -> None:
        self.api_key = os.environ.get("MAIL_KEY", "")


mailer = MailClient()


@mcp.tool()
def mail_settings() -> str:
    """Show the mail settings."""
    return f"mail key {mailer.api_key}"  # expect: secret-in-output


@mcp.tool()
def mail_settings_safe() -> str:
    """Show the mail settings."""
    return f"mail key set: {bool(mailer.api_key)}"  # safe: secret-in-output
