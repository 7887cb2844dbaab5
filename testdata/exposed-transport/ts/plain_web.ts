// A status page next to the MCP servers: plain Express, no MCP transport in this file.
import express from "express";

const app = express();
app.get("/healthz", (_req, res) => res.send("ok"));
app.listen(8080, "0.0.0.0");
