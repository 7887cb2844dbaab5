// Strings that sit next to secret-like names but are not secrets: UI labels around a word,
// and the public project key an analytics client ships with.
import os from "node:os";

export function authOptionLabel(enabled: boolean): string {
  const authRecommendation = "(Recommended)"; // safe: hardcoded-secret
  const authFallback = "(Kq7#Lm2x)"; // expect: hardcoded-secret
  return enabled ? `${authRecommendation} already set up` : authFallback;
}

export async function trackStart(): Promise<void> {
  const url = "https://eu.i.posthog.com/i/v0/e/";
  const api_key = "phc_Vb3nQ8rLx2Tz7Kw5Mp9Yd4Hs6Jf1Ga0Ec3Uo8Ri5Nl"; // safe: hardcoded-secret
  const personal_api_key = "phx_Vb3nQ8rLx2Tz7Kw5Mp9Yd4Hs6Jf1Ga0Ec3Uo8Ri5Nl"; // expect: hardcoded-secret
  await fetch(url, {
    method: "POST",
    body: JSON.stringify({ api_key, event: "start", distinct_id: os.hostname() }),
    headers: { "X-Admin": personal_api_key },
  });
}
