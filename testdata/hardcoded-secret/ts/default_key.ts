// An MCP server that encrypts the client IPs it logs. A key typed by hand as the fallback of
// the environment variable is a default key: every deployment that forgets the variable
// encrypts with the same, public key.
import { createCipheriv, randomBytes } from "crypto";

const DEFAULT_ENCRYPTION_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"; // expect: hardcoded-secret
const ENCRYPTION_KEY = process.env.CLIENT_IP_ENCRYPTION_KEY || DEFAULT_ENCRYPTION_KEY;

const SIGNING_KEY = process.env.LOG_SIGNING_KEY ?? "00112233445566778899aabbccddeeff"; // expect: hardcoded-secret
const HMAC_KEY = process.env["AUDIT_HMAC_KEY"] || "0123456789abcdef0123456789abcdef"; // expect: hardcoded-secret

// Not default keys: a variable that is not a key, and a key with no fallback.
const TRACE_PARENT = process.env.TRACE_PARENT || "00112233445566778899aabbccddeeff"; // safe: hardcoded-secret
const ARCHIVE_KEY = process.env.ARCHIVE_ENCRYPTION_KEY;
if (!ARCHIVE_KEY) {
  throw new Error("ARCHIVE_ENCRYPTION_KEY is not set");
}

export function encryptClientIp(ip: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", Buffer.from(ENCRYPTION_KEY, "hex"), iv);
  return iv.toString("hex") + cipher.update(ip, "utf8", "hex") + cipher.final("hex");
}

export { SIGNING_KEY, HMAC_KEY, TRACE_PARENT };
