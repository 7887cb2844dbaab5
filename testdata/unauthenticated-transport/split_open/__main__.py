from .server import mcp

if __name__ == "__main__":
    mcp.run(transport="sse", host="0.0.0.0")  # expect: unauthenticated-transport, exposed-transport
