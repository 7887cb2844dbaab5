# Values of the deployment: copy to prod.tfvars (not committed) and fill in.
region        = "eu-west-1"
instance_type = "t3.small"
# safe: hardcoded-secret
db_password   = "<database password>"
service_env = {
  LOG_LEVEL     = "info"
  TICKETS_TOKEN = "changeme" # safe: hardcoded-secret
}
