"""Token checks for the inventory server."""

import hmac
import os

from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings


class InventoryTokenVerifier(TokenVerifier):
    async def verify_token(self, token: str) -> AccessToken | None:
        if not hmac.compare_digest(token, os.environ["INVENTORY_TOKEN"]):
            return None
        return AccessToken(token=token, client_id="warehouse", scopes=["read"])


def auth_settings() -> AuthSettings:
    return AuthSettings(
        issuer_url="https://auth.warehouse.example.com",
        resource_server_url="https://inventory.warehouse.example.com/sse",
    )
