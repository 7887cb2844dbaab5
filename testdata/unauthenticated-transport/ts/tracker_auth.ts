// Token verification for the tickets server, against the tracker's introspection endpoint.
import type { OAuthTokenVerifier } from "@modelcontextprotocol/sdk/server/auth/provider.js";

export const verifier: OAuthTokenVerifier = {
  async verifyAccessToken(token: string) {
    const res = await fetch("https://tracker.internal.example/oauth/introspect", {
      method: "POST",
      body: new URLSearchParams({ token }),
    });
    const info = await res.json();
    if (!info.active) throw new Error("inactive token");
    return { token, clientId: info.client_id, scopes: info.scope.split(" "), expiresAt: info.exp };
  },
};
