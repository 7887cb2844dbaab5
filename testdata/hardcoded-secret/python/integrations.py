"""Notification and billing integrations of a helpdesk MCP server, configured in code."""

from dataclasses import dataclass

import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("helpdesk")

# Chat and alerting.
SLACK_APP_TOKEN = "xapp-1-A0CSRMR92TN-9917538940052-0501d928d62d23446ec08345102b2fa181c3da50da127fe1c4ef58c552f403e5"  # expect: hardcoded-secret
DISCORD_ALERTS = "https://discord.com/api/webhooks/1779539869197035069/RT-Njgf6-VG5JJKQHHuoB7GrJi8CIbpV9ILuLFQOwsUaFsq6dLTncGOukXcdeF0WRgQU"  # expect: hardcoded-secret
TELEGRAM_BOT = "7771339325:AAbyDG1TdVYkaGbWXsd9D_6Y993Cm6gjM0S"  # expect: hardcoded-secret


@dataclass
class BillingConfig:
    stripe_webhook_secret: str = "whsec_lRLKej0rN042fSzQ1zY0BPsJz49BfqiS"  # expect: hardcoded-secret
    currency: str = "eur"


@dataclass
class MailConfig:
    mailgun_key: str = "key-4c5dc7c1158ade60b349c9a32d440fe7"  # expect: hardcoded-secret
    mailchimp_key: str = "05c34bf485adcabbcb8a7b5549f76436-us21"  # expect: hardcoded-secret
    sender: str = "support@helpdesk.example.org"


GOOGLE_OAUTH = {
    "client_id": "604018355427-q3l2k7nd8pj0c6vsf1omq4b9t5rhue2a.apps.googleusercontent.com",
    "client_secret": "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",  # expect: hardcoded-secret
    "redirect_uri": "http://localhost:8765/oauth2callback",
}

# Left over from the release script.
PYPI_UPLOAD = "pypi-AgEIcHlwaS5vcmcmnv43z95TSGGLUgESj7zzkzXywrX45T3-1kqm2DhCMZxVyuqTD4bttbuvLXhjgza"  # expect: hardcoded-secret


def openai_client() -> httpx.Client:
    return httpx.Client(
        base_url="https://api.openai.com/v1",
        headers={"Authorization": "Bearer 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"},  # expect: hardcoded-secret
    )


@mcp.tool()
def notify(text: str) -> str:
    """Post a message to the helpdesk's alert channel."""
    httpx.post(DISCORD_ALERTS, json={"content": text})
    return "sent"
