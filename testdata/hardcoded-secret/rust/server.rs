//! An rmcp server with credentials written in the source.

use reqwest::header::{AUTHORIZATION, HeaderValue};

const GITHUB_TOKEN: &str = "ghp_5DE1m9vkoksPyODwET9IcBBIpe7Dwvo83Hnz"; // expect: hardcoded-secret
static AWS_KEY_ID: &str = "AKIA6Z2TWL7HUXNCCTDV"; // expect: hardcoded-secret
pub const OPENAI_KEY: &str = r#"sk-proj-pSwFS3aTchjpTPOaBed7HbkxF02ZLUk1h8dNHIHV3qB44BCEUsDlHpK5sV76qW3bu6dEfPQB3xN8qIE9"#; // expect: hardcoded-secret
const API_SECRET: &str = "4qZ4j9UnWjU92mTRGNKx702LQuczzPLO"; // expect: hardcoded-secret

pub struct Config {
    pub api_key: String,
    pub db_url: String,
}

impl Config {
    pub fn new() -> Self {
        Self {
            api_key: "pEPAAAcCqlRugmKDRGNHJEQLRP4N".to_string(), // expect: hardcoded-secret
            db_url: String::from("postgres://app:wfVzaKGAasqgJh@db.internal/app"), // expect: hardcoded-secret
        }
    }
}

pub async fn call(client: &reqwest::Client) -> reqwest::Result<String> {
    let res = client
        .get("https://api.example.com/v1/items")
        .bearer_auth("iDdmrxqxhb1ZKll30aT4") // expect: hardcoded-secret
        .header("X-Api-Key", "jWGCVAhR5ZhgK4X6MKnehiE0fgz4mB") // expect: hardcoded-secret
        .header(AUTHORIZATION, HeaderValue::from_static("Bearer xhgHxCYmv7F8hJF0sLsTsSe8A2")) // expect: hardcoded-secret
        .send()
        .await?;
    res.text().await
}

pub fn token() -> String {
    std::env::var("NPM_TOKEN").unwrap_or_else(|_| "npm_2QgNEnY4JWViAIECisViW7Eh2tMChzZmRNv0".into()) // expect: hardcoded-secret
}

pub fn check(password: &str) -> bool {
    password == "z=47xdKTdxw7daOqyrj=s6=o" // expect: hardcoded-secret
}

// Not secrets.
const TOKEN_ENV: &str = "GITHUB_TOKEN";
const COMMIT: &str = "50145cec8a072b72e5df938daa30a8b7a6c07b2a";
const SESSION: &str = "ec5b5188-f8d0-47fa-aff4-01bc23bcb639";
const EXAMPLE_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const PLACEHOLDER: &str = "ghp_<your token>";
const LOCAL: &str = "postgres://postgres:postgres@localhost/dev";

pub fn from_env() -> String {
    std::env::var("API_KEY").unwrap_or_default()
}
