// Tests bind and trust on purpose: test files are not checked.
import https from "node:https";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";

const app = createMcpExpressApp({ host: "0.0.0.0" });
const agent = new https.Agent({ rejectUnauthorized: false });
export { app, agent };
