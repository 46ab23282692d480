import type { Server } from "node:http";

/** Types for TypeScript callers (the repository's tests); the service itself is plain JavaScript. */
export interface ResourceServiceOptions {
  /** e.g. http://127.0.0.1:4000/.well-known/jwks.json */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Default ["ES256", "RS256"]. */
  algorithms?: string[];
  /** Seconds of clock skew allowed on exp and iat. Default 30. */
  clockTolerance?: number;
  /** "Now" for verification, for tests; default the real time. */
  currentDate?: Date | (() => Date);
}

export function createResourceService(options: ResourceServiceOptions): Server;
