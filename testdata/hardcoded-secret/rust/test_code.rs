// A server whose config module keeps its unit tests next to the code. Inside `#[test]`
// functions made-up passwords, bearer tokens and JWTs are fixtures, not leaks; a provider-issued
// key is still one.

pub struct BasicAuth {
    pub username: String,
    pub password: String,
}

pub fn staging_auth() -> BasicAuth {
    BasicAuth {
        username: "deploy".to_string(),
        password: "Vq7#kLm2!zR9xT".to_string(), // expect: hardcoded-secret
    }
}

pub fn staging_session() -> String {
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFnaW5nLWJvdCIsInJvbGUiOiJhZG1pbiJ9.q3Vb8Xn2KfL0pRt7YwZs9MdcA1HuE4gJ6oNi5TvBx0k"; // expect: hardcoded-secret
    token.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_auth_with_symbols() {
        let auth = BasicAuth {
            username: "deploy".to_string(),
            password: "Vq7#kLm2!zR9xT".to_string(), // safe: hardcoded-secret
        };
        assert_eq!(auth.username, "deploy");
    }

    #[tokio::test]
    async fn accepts_a_signed_session() {
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFnaW5nLWJvdCIsInJvbGUiOiJhZG1pbiJ9.q3Vb8Xn2KfL0pRt7YwZs9MdcA1HuE4gJ6oNi5TvBx0k"; // safe: hardcoded-secret
        assert!(!token.is_empty());
    }

    #[test]
    fn a_real_key_in_a_test_is_still_a_leak() {
        let key = "ghp_R4nd0mT0k3nW1thEntr0pyQx7Lm2Vz9Kp3Bn"; // expect: hardcoded-secret
        assert!(key.starts_with("ghp_"));
    }
}
