//! mcplint-rules: all MCP and security knowledge.
