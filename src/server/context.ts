import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { FastifyRequest } from "fastify";
import { SessionRevokedError, type AuthUser, type ClientInfo } from "../auth/sessions.js";
import { AccessTokenError } from "../auth/tokens.js";
import { InvalidTokenError } from "../lib/errors.js";
import type { Context, Services } from "../resolvers/context.js";

export type { Context, Services };

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

/**
 * No Authorization header: an anonymous caller. A header that does not check out (malformed,
 * bad signature, expired, session ended, user deactivated) fails the whole request with 401.
 */
export function createContextFunction(orm: MikroORM, services: Services) {
  return async (request: FastifyRequest): Promise<Context> => {
    const context = new RequestContext(orm, services, {
      userAgent: request.headers["user-agent"] ?? null,
      ip: request.ip ?? null,
    });
    const header = request.headers.authorization;
    // An empty header is no header: Apollo Client's documented setup sends "" when signed out.
    if (header !== undefined && header.trim() !== "") {
      context.user = await authenticate(header, services);
    }
    return context;
  };
}

/**
 * The request's EntityManager is forked on first use: a request that reads only what the
 * token check brought (`me`) never pays for one.
 */
class RequestContext implements Context {
  user: AuthUser | null = null;
  private forked: EntityManager | undefined;

  constructor(
    private readonly orm: MikroORM,
    readonly services: Services,
    readonly client: ClientInfo,
  ) {}

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
