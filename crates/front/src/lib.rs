//! mcplint-front: parses source text and lowers it to the IR. Knows nothing about MCP.

use mcplint_ir::File;
