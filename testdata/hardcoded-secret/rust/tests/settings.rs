// An integration test of the ticketing server's settings: files under `tests/` are test code,
// so a made-up password is a fixture; a provider-issued key is still a leak.

#[test]
fn logs_in_with_a_fixture_password() {
    let password = "Hq4!vR8#nZ2xKw"; // safe: hardcoded-secret
    assert_eq!(password.len(), 14);
}

const RECORDED_TOKEN: &str = "ghp_3Hd8Lq5Zt2Wm7Kx9Vb4Nc6Rp1Fy0Gs8Je2Tq"; // expect: hardcoded-secret
