# The twin of tests/test_proxy_settings.py outside the tests: the same URL is a committed
# password.
from mcp_jira.proxy import ProxyConfig

DEFAULT_PROXY = ProxyConfig(https_proxy="http://alice:Tq8vLz3Wk@proxy.internal:3128")  # expect: hardcoded-secret
