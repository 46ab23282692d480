import { realpathSync } from "node:fs";
import { createServer } from "node:http";
import process from "node:process";
import { URL } from "node:url";
import { createRemoteJWKSet, jwtVerify } from "jose";

/**
 * A service of another team that trusts the auth API's access tokens. It needs the API's
 * JWKS URL and nothing else: no shared secret, no call to the API per request.
 */

/** jose errors that mean "this token is no good", as opposed to "the keys could not be fetched". */
const TOKEN_PROBLEMS = new Set([
  "ERR_JWT_EXPIRED",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWT_INVALID",
  "ERR_JWS_INVALID",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
]);

// RFC 6750 section 2.1: `Bearer` then a b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * @param {object} options
 * @param {string} options.jwksUrl e.g. http://127.0.0.1:4000/.well-known/jwks.json
 * @param {string} options.issuer the API's JWT_ISSUER
 * @param {string} options.audience the API's JWT_AUDIENCE
 * @param {string[]} [options.algorithms] never include HS256 here: the JWKS has no secret
 * @param {number} [options.clockTolerance] seconds of clock skew allowed on exp/iat
 * @param {Date | (() => Date)} [options.currentDate] "now" for verification; tests only
 * @returns {import("node:http").Server}
 */
export function createResourceService({
  jwksUrl,
  issuer,
  audience,
  algorithms = ["ES256", "RS256"],
  clockTolerance = 30,
  currentDate,
}) {
  if (!jwksUrl || !issuer || !audience) throw new TypeError("jwksUrl, issuer and audience are required");
  // Fetched on first use, cached, and fetched again when a token names a kid it does not hold
  // (that is how a key rotation on the API reaches this service).
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const now = typeof currentDate === "function" ? currentDate : () => currentDate;

  /** The verified claims, or null when the request carries no bearer token at all. */
  async function authenticate(request) {
    const header = request.headers.authorization;
    if (!header || !/^Bearer(\s|$)/i.test(header)) return null;
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new InvalidToken();
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience,
        algorithms,
        typ: "at+jwt",
        requiredClaims: ["sub", "sid", "exp", "iat"],
        clockTolerance,
        currentDate: now(),
      });
      return payload;
    } catch (error) {
      if (TOKEN_PROBLEMS.has(error?.code)) throw new InvalidToken();
      throw error; // the JWKS could not be fetched: not the client's fault
    }
  }

  return createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    try {
      if (path === "/healthz") {
        if (request.method !== "GET") return send(response, 405, { error: "method_not_allowed" }, { allow: "GET" });
        return send(response, 200, { status: "ok" });
      }
      if (path === "/hello") {
        if (request.method !== "GET") return send(response, 405, { error: "method_not_allowed" }, { allow: "GET" });
        const claims = await authenticate(request);
        if (!claims) return send(response, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
        return send(response, 200, { message: "hello", user: claims.sub, role: claims.role });
      }
      return send(response, 404, { error: "not_found" });
    } catch (error) {
      if (error instanceof InvalidToken) {
        return send(response, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
      }
      // Never log the token; the error names what failed (JWKS timeout, connection refused, ...).
      process.stderr.write(`resource-service: cannot verify tokens: ${error?.code ?? error?.message ?? error}\n`);
      return send(response, 503, { error: "temporarily_unavailable" }, { "retry-after": "5" });
    }
  });
}

class InvalidToken extends Error {}

function send(response, status, body, headers = {}) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}

// `node examples/resource-service/server.mjs`: configured by the environment.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  const env = process.env;
  const jwksUrl = env.JWKS_URL || "http://127.0.0.1:4000/.well-known/jwks.json";
  const server = createResourceService({
    jwksUrl,
    issuer: env.JWT_ISSUER || "graphql-auth-api",
    audience: env.JWT_AUDIENCE || "graphql-auth-api",
  });
  const host = env.HOST || "127.0.0.1";
  server.listen(Number(env.PORT || 4001), host, () => {
    const { port } = server.address();
    process.stdout.write(`resource-service listening on http://${host}:${port} (keys from ${jwksUrl})\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
