//! Data-platform clients of an analytics MCP server (rmcp), with tokens compiled in.

use std::time::Duration;

const DATABRICKS_TOKEN: &str = "dapi3623a1e50bbfe21fc488b8e085a40513"; // expect: hardcoded-secret
const DIGITALOCEAN: &str = "dop_v1_d850df0691a0692ac57cc4f454daf21c804f3ec624a1abc940cf6eb020d302d3"; // expect: hardcoded-secret
pub static SUPABASE_ACCESS: &str = "sbp_eac361405867a3bcc8a6e1b5474e36156cc24312"; // expect: hardcoded-secret
const NEW_RELIC_KEY: &str = "NRAK-UZDK1O2TULZMX9DMX57ZIRQ12DQ"; // expect: hardcoded-secret

pub struct Vault {
    pub addr: String,
    pub token: String,
}

impl Vault {
    pub fn production() -> Self {
        Self {
            addr: "https://vault.internal:8200".to_string(),
            token: "hvs.Zj_n94XUKRoyqdOSqHatWABlpVcVeF0SGmcikk1K5qKfRSFMUgHYWOijNKTv4QrGVT3vyAXkEoGMMSvVKUr06MGncngmxly".to_string(), // expect: hardcoded-secret
        }
    }
}

pub fn planetscale() -> reqwest::Result<reqwest::blocking::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "Authorization",
        reqwest::header::HeaderValue::from_static("pscale_tkn_VF9sLitLLSDY3eJo7dSbTjWWriK3DoAGFYlmZhkafPL"), // expect: hardcoded-secret
    );
    reqwest::blocking::Client::builder().default_headers(headers).timeout(Duration::from_secs(30)).build()
}

// Not secrets: the names of the variables the tokens should come from.
const DATABRICKS_TOKEN_VAR: &str = "DATABRICKS_TOKEN"; // safe: hardcoded-secret

pub fn databricks_token() -> String {
    std::env::var(DATABRICKS_TOKEN_VAR).unwrap_or_default()
}
