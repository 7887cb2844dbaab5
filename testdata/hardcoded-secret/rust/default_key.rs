//! An rmcp server that encrypts the notes it stores. A key typed by hand as the fallback of the
//! environment variable is a default key: a deployment without the variable encrypts with a
//! key anyone can read here.

use std::env;

pub fn notes_key() -> String {
    env::var("NOTES_ENCRYPTION_KEY").unwrap_or("000102030405060708090a0b0c0d0e0f".to_string()) // expect: hardcoded-secret
}

pub fn token_secret() -> String {
    std::env::var("TOKEN_SECRET")
        .unwrap_or_else(|_| "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef".into()) // expect: hardcoded-secret
}

// Not default keys: a setting that is not a key, and a key that must be set.
pub fn trace_seed() -> String {
    env::var("TRACE_SEED").unwrap_or("00112233445566778899aabbccddeeff".to_string()) // safe: hardcoded-secret
}

pub fn archive_key() -> Result<String, env::VarError> {
    env::var("ARCHIVE_ENCRYPTION_KEY")
}
