"""Settings of an MCP server that wraps several APIs, with credentials written in the source."""

import os

from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings

# Provider-shaped tokens are reported wherever they are.
GITHUB_TOKEN = "ghp_jhUE5P0qq1g25boXhFm1JH5xgeNvHuEbYDqZ"  # expect: hardcoded-secret
GITHUB_OAUTH = "gho_5ZvFztG3IvTn0g6tiGleXnY8qJ43tehh5g73"  # expect: hardcoded-secret
GITHUB_FINE_GRAINED = "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"  # expect: hardcoded-secret
AWS_ACCESS_KEY_ID = "AKIADMFYK2XZMDB7MJBG"  # expect: hardcoded-secret
aws_secret_access_key = "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"  # expect: hardcoded-secret
SLACK_BOT_TOKEN = "xoxb-526338587800-1042349273559-4hN3RICt6MqxfJa4tGUT6Clz"  # expect: hardcoded-secret
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # expect: hardcoded-secret
STRIPE_KEY = "sk_live_w55mNYeJtLfcOil0f4FVwkUu"  # expect: hardcoded-secret
OPENAI_API_KEY = "sk-proj-sMg5ER0HZs7KzyqTmOblEiZGh1gW7V7uJX4MPFGbpeRPJev4Yfn0LCNLLNbFN0u42OA5anJGP4Xm8m4K"  # expect: hardcoded-secret
ANTHROPIC_API_KEY = "sk-ant-api03-DYg8hiUbUPROL1QXCzCIoOVTWEAUcXL9BAEAJFsoy3IcH2R7FCNvqJcLVkmeSjoHqaCJQlZWEHvg8l5ywUJLd9ee9igs4AA"  # expect: hardcoded-secret
GOOGLE_MAPS_KEY = "AIzakpbuKtZBif0qwbVMFdNlCR06CjDDMDVLjH3"  # expect: hardcoded-secret
HF_TOKEN = "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"  # expect: hardcoded-secret
# expect: hardcoded-secret
DATABASE_URL = "postgresql://orders:ngTPoLXq8h4vmq@db.internal:5432/orders"
SERVICE_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiMjBnSGJDQUMiLCAiaWF0IjogMTI5ODQ2MjMzNH0.jO-zJpfJKdnJoaqBVMf6zV_vdYJ3YDp4O7VQUlCgPqX"  # expect: hardcoded-secret
os.environ["TAVILY_API_KEY"] = "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"  # expect: hardcoded-secret

# Not secrets: placeholders, reads of the environment, hashes, identifiers.
API_KEY_FROM_ENV = os.environ["API_KEY"]  # safe: hardcoded-secret
TOKEN = os.getenv("GITHUB_TOKEN", "")
PLACEHOLDER_KEY = "your-api-key"
OPENAI_KEY_EXAMPLE = "sk-..."
SECRET_TEMPLATE = "${SECRET}"
password = "changeme"
token = "<TOKEN>"
test_token = "gIKzcEbdWEWcfTNTTDa8"
dummy_secret = "xxxxxxxxxxxxxxxxxxxxxxxx"
aws_docs_key = "AKIAIOSFODNN7EXAMPLE"
aws_docs_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
GITHUB_PLACEHOLDER = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
COMMIT_SHA = "d96c46999d41b3b89bcd2599bc1316de577e04b1"
ARTIFACT_SHA256 = "90f4379472bbbb2bf6efaa0d83dfb3be162405a53ac4158ceaae7438369c5560"
REQUEST_ID = "c27ade1a-f206-48a9-a55e-8507afcea72a"
INTEGRITY = "sha512-V3MVzCN8zLaXbZXE9xIDJis+FFPAObbiVTHrpr99rLU29j7OQm+Ih5zQzjKZYphqKlWQyrs1Vy4CEQ7y/u+CTQ=="
ICON = "data:image/png;base64,brXWJCIWE0N4zUi42QNZGktELlFIhQjDT/6KxP2GHBc6lcavarFKRjWXhGk4iYxkrUOuRLCu0H3fjzFzZxHwhYUzbVk476SV9lOSNQere/3HU1j0cOGb58xbEZ+/LZyOUw+GDQe8tYGZYv36mOf6vMVuqgcHAzOTmUStPDg02qAtcsuWedC/24L+Wf/kdDYcmJKxO/v2UA/1P0Ai7g0EuPLPXiHD7NH8fxcuftdJ6s3eRANHbpVSiMaPq85m/tOPHKS1VqPABmsRz0p1FVEgJZlASJ670sfREKwOLjEm5wlQbGBdyBHDHtMg7BlutYcelIAET38JEb51XiD/ky1y9OZM7ZPg+ATHgzVuUSqnFMvUR9CxI2i/EOXEsjkQp8/8+JttUo7F835LW6at"
TOKEN_ENV_VAR = "GITHUB_PERSONAL_ACCESS_TOKEN"
SECRET_NAME = "prod/orders/db"
token_url = "https://auth.example.com/oauth/token"
password_hash = "$2b$12$sy47FK1T7puZH982FKTnGcdHl0Rc4gYhabc"
LOCAL_DB = "postgres://postgres:postgres@localhost:5432/dev"
TEMPLATE_DB = "postgresql://{user}:{password}@{host}/orders"
ENV_DB = f"postgresql://app:{os.environ['DB_PASSWORD']}@db/app"
tokenizer = "cl100k_base"
