// An Express app serving MCP over streamable HTTP whose tools read the raw request headers.
import axios from "axios";
import express from "express";

const app = express();
const SEARCH = "https://search.example/api";

export async function searchForRequest(req, query) {
  // expect: token-passthrough
  const r = await fetch(`${SEARCH}?q=${encodeURIComponent(query)}`, {
    headers: { Authorization: req.headers.authorization },
  });
  return r.json();
}

export async function searchWithKey(req, query) {
  // expect: token-passthrough
  const r = await fetch(`${SEARCH}?q=${encodeURIComponent(query)}`, {
    headers: { "X-Api-Key": req.header("x-api-key") },
  });
  return r.json();
}

export async function searchAsServer(req, query) {
  // safe: token-passthrough
  const r = await fetch(`${SEARCH}?q=${encodeURIComponent(query)}`, {
    headers: { Authorization: `Bearer ${process.env.SEARCH_SERVICE_TOKEN}` },
  });
  return r.json();
}

export async function profileForRequest(req) {
  const r = await axios.get(`${SEARCH}/me`, { headers: { Authorization: req.headers["authorization"] } }); // expect: token-passthrough
  return r.data;
}

app.post("/mcp", async (req, res) => {
  res.json(await searchForRequest(req, req.body.query));
});
