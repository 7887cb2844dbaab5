# Unit tests of a server's proxy settings: the credentials in connection URLs are made up for
# the test; a provider-issued key pasted into a test is still a leak.
from mcp_jira.proxy import ProxyConfig


def test_proxy_url_keeps_credentials():
    config = ProxyConfig(https_proxy="http://alice:Tq8vLz3Wk@proxy.internal:3128")  # safe: hardcoded-secret
    assert config.https_proxy.startswith("http://alice:")


def test_client_uses_token():
    token = "ghp_Zk3mP9vQ2wLx7Rt5Yb8Nc4Hd6Jf1Gs0Aa2Ee"  # expect: hardcoded-secret
    assert token
