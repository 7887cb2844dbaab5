"""CI helper over streamable HTTP: runs a package's tests; every request carries a bearer token."""

import hmac
import os
import subprocess

from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import FastMCP


class CiTokenVerifier(TokenVerifier):
    """Accepts the one token the CI system was given."""

    async def verify_token(self, token: str) -> AccessToken | None:
        if not hmac.compare_digest(token, os.environ["BUILD_RUNNER_TOKEN"]):
            return None
        return AccessToken(token=token, client_id="ci", scopes=["run"])


mcp = FastMCP(  # safe: unauthenticated-transport
    "build-runner",
    host="0.0.0.0",  # expect: exposed-transport
    token_verifier=CiTokenVerifier(),
    auth=AuthSettings(
        issuer_url="https://auth.ci.example.com",
        resource_server_url="https://builds.ci.example.com/mcp",
    ),
)


@mcp.tool()
def run_tests(package: str) -> str:
    """Run the test suite of one package and return the end of its output."""
    result = subprocess.run(["pytest", "-q", "--", package], capture_output=True, text=True)
    return result.stdout[-4000:]


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
