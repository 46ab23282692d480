import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { Clock } from "../lib/clock.js";
import { SessionRevokedError, type AuthUser, type ClientInfo } from "../auth/sessions.js";
import { AccessTokenError } from "../auth/tokens.js";
import { InvalidTokenError } from "../lib/errors.js";
import type { Context, RefreshCookie, Services } from "../resolvers/context.js";
import type { ContextFunction } from "./graphql-endpoint.js";
import { refreshCookieOf } from "./refresh-cookie.js";
import { tagWithRequestId } from "./request-context.js";

export type { Context, Services };

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

export interface ContextOptions {
  orm: MikroORM;
  services: Services;
  clock: Clock;
  /** Where cookie-reading operations may come from (known once the server listens). */
  trustedOrigins: () => ReadonlySet<string>;
}

/**
 * No Authorization header: an anonymous caller. A header that does not check out (malformed,
 * bad signature, expired, session ended, user deactivated) is kept as `rejectedToken`: the
 * request fails with 401 if its operation selects anything protected, and runs anonymous
 * if every root field is public (see public-documents.ts), which is decided once the
 * document is validated.
 */
export function createContextFunction({ orm, services, clock, trustedOrigins }: ContextOptions): ContextFunction<RequestContext> {
  return async (request, setCookie) => {
    const context = new RequestContext(
      orm,
      services,
      request.requestId,
      { userAgent: request.headers["user-agent"] ?? null, ip: request.ip },
      () => refreshCookieOf(request, setCookie, trustedOrigins, clock, services.logger),
    );
    const header = request.headers.authorization;
    // An empty header is no header: Apollo Client's documented setup sends "" when signed out.
    if (header !== undefined && header.trim() !== "") {
      try {
        context.user = await authenticate(header, services);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) {
          // Apollo formats a failed context's error without the plugins: tag it here.
          tagWithRequestId(error, request.requestId);
          throw error;
        }
        context.rejectedToken = error;
      }
    }
    return context;
  };
}

/**
 * The request's EntityManager is forked on first use: a request that reads only what the
 * token check brought (`me`) never pays for one.
 */
export class RequestContext implements Context {
  user: AuthUser | null = null;
  /** The Authorization header's token, when it did not check out (the 401 to answer). */
  rejectedToken: InvalidTokenError | null = null;
  private forked: EntityManager | undefined;
  private cookie: RefreshCookie | undefined;

  constructor(
    private readonly orm: MikroORM,
    readonly services: Services,
    /** The HTTP request's id (X-Request-Id), for errors to carry. */
    readonly requestId: string,
    readonly client: ClientInfo,
    private readonly makeRefreshCookie: () => RefreshCookie,
  ) {}

  /** Made on first use: only refreshToken, logout and the sign-ins touch it. */
  get refreshCookie(): RefreshCookie {
    return (this.cookie ??= this.makeRefreshCookie());
  }

  get em(): EntityManager {
    return (this.forked ??= this.orm.em.fork());
  }
}

async function authenticate(header: string, services: Services): Promise<AuthUser> {
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new InvalidTokenError("TOKEN_INVALID");
  try {
    const claims = services.tokens.verify(token);
    return await services.sessions.authenticate(claims);
  } catch (error) {
    if (error instanceof AccessTokenError) {
      services.logger.debug({ event: "auth.token.rejected", reason: error.reason }, "auth.token.rejected");
      throw new InvalidTokenError(error.reason);
    }
    if (error instanceof SessionRevokedError) {
      services.logger.debug({ event: "auth.token.rejected", reason: "TOKEN_REVOKED" }, "auth.token.rejected");
      throw new InvalidTokenError("TOKEN_REVOKED");
    }
    throw error;
  }
}
