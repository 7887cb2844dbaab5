"""Configuration with random-looking values given to names that mean a secret."""

import os

from pydantic import BaseModel, SecretStr
from pydantic_settings import BaseSettings

token = os.environ.get("TOKEN")

# A random-looking value given to a secret-like name.
api_key = "Ftupd2WEjqyHeHGA0Dpr1Tk51rHQwoMy"  # expect: hardcoded-secret
WEATHER_API_SECRET = "AeUZkspKckZY5uVLxE8eAow4sJxZ"  # expect: hardcoded-secret
db_password = "uu4+TjRBN@rsD34thDKQZZ0G"  # expect: hardcoded-secret
auth = ("admin", "xGzzITzU5MJQyXUtwQsJ")  # expect: hardcoded-secret
config = {"client_secret": "a3c14ff8a1185d4dcad80c5d85c79c61"}  # expect: hardcoded-secret
NOTION = "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"  # expect: hardcoded-secret
LINEAR = "lin_api_ACMxDNRZ8GN4lnqQ7U3qWCIRSVE1GwHUm4c4lusE"  # expect: hardcoded-secret
fallback = os.getenv("WEATHER_TOKEN", "BWA8GmzJFimddX9t03DWdG8dWCGG6v")  # expect: hardcoded-secret
value = token or "a2A72yRXYDkoiMFOJUxY8zHq4b"  # expect: hardcoded-secret


class Settings(BaseSettings):
    groq_api_key: SecretStr = SecretStr("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")  # expect: hardcoded-secret
    firecrawl_key: str = "fc-286d9cf6ed6dbf1112a9d5ac5a192631"  # expect: hardcoded-secret
    max_tokens: int = 4096


class Client(BaseModel):
    def __init__(self, token: str = "npm_1tEZxRpyXVU6uHZHJyhOaz0G7vzLSy6QGQya"):  # expect: hardcoded-secret
        self.token = token



# Not secrets: the same names with placeholders, identifiers and reads of the environment.
api_key_env_var = "WEATHER_API_KEY"
secret_key = os.environ["SECRET_KEY"]
password_prompt = "Enter the database password"
auth_scheme = "Bearer"
client_secret = ""
access_token = None
