"""AWS clients shared by the tools."""

import boto3

lambda_client = boto3.client("lambda")
codeartifact = boto3.client("codeartifact")
