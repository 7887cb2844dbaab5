# Values of the deployment of the ticket MCP server.
region        = "eu-west-1"
instance_type = "t3.small"
# expect: hardcoded-secret
db_password   = "Yx4!Lk8#Pq2zNw"
service_env = {
  LOG_LEVEL     = "info"
  TICKETS_TOKEN = "Hx7Lm2Qp9Zr4Kv8Wt3Nb" # expect: hardcoded-secret
}
