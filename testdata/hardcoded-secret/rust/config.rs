//! The settings of an rmcp server for a ticketing API, with its unit tests in a
//! `#[cfg(test)]` module. Everything in that module is compiled only for tests: the passwords
//! there are fixtures, like those of `#[test]` functions and files under `tests/`.

use std::env;

#[derive(Clone, Debug)]
pub struct Settings {
    pub base_url: String,
    pub username: String,
    pub password: String,
}

impl Settings {
    pub fn from_env() -> Self {
        Self {
            base_url: env::var("TICKETS_URL").unwrap_or_else(|_| "https://tickets.internal".into()),
            username: env::var("TICKETS_USER").unwrap_or_default(),
            password: env::var("TICKETS_PASSWORD").unwrap_or_default(),
        }
    }

    pub fn staging() -> Self {
        Self {
            base_url: "https://tickets.staging.internal".into(),
            username: "mcp-bot".into(),
            password: "Hq4!vR8#nZ2xKw".into(), // expect: hardcoded-secret
        }
    }
}

pub const SERVICE_PASSWORD: &str = "t9W#eQ3!mB7zLp"; // expect: hardcoded-secret

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE_PASSWORD: &str = "t9W#eQ3!mB7zLp"; // safe: hardcoded-secret

    fn fixture() -> Settings {
        Settings {
            base_url: "http://127.0.0.1:9000".into(),
            username: "mcp-bot".into(),
            password: "Hq4!vR8#nZ2xKw".into(), // safe: hardcoded-secret
        }
    }

    struct Login {
        password: &'static str,
    }

    impl Login {
        const DEFAULT: Login = Login {
            password: "Hq4!vR8#nZ2xKw", // safe: hardcoded-secret
        };
    }

    #[test]
    fn fixture_has_a_password() {
        assert!(!fixture().password.is_empty());
        assert_eq!(FIXTURE_PASSWORD.len(), Login::DEFAULT.password.len());
    }

    #[cfg(all(test, feature = "live"))]
    mod live {
        pub const LIVE_TOKEN: &str = "ghp_8Kq2Zx7Lm4Vn9Pw3Rt6Ys1Hd5Jb0Fc2Ge4Au"; // expect: hardcoded-secret
    }
}

#[cfg(not(test))]
pub fn release_password() -> &'static str {
    "t9W#eQ3!mB7zLp" // expect: hardcoded-secret
}
