import { Field, Int, ObjectType } from "type-graphql";
import type { TokenPair } from "../../auth/sessions.js";
import { RefreshTokenTransport } from "../../entities/refresh-token-transport.js";
import { User } from "../../entities/user.entity.js";

@ObjectType({ description: "A fresh token pair and the user it belongs to.", simpleResolvers: true })
export class AuthPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <accessToken>`. Keep it in memory." })
  accessToken!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Exchange it with `refreshToken` for a new pair; each one is replaced by the next. Null for a COOKIE session: the token went into the HttpOnly cookie.",
  })
  refreshToken!: string | null;

  @Field(() => String, { description: 'Always "Bearer".' })
  tokenType!: string;

  @Field(() => Int, { description: "Seconds until the access token expires." })
  expiresIn!: number;

  @Field(() => Date, { description: "When the access token expires: refresh a little before." })
  expiresAt!: Date;

  @Field(() => Date, { description: "When the session ends, however often it is refreshed: then sign in again." })
  sessionExpiresAt!: Date;

  @Field(() => User)
  user!: User;

  /** The pair as a response body carries it: a COOKIE session's refresh token never does. */
  static from(pair: TokenPair): AuthPayload {
    return Object.assign(new AuthPayload(), {
      accessToken: pair.accessToken,
      refreshToken: pair.transport === RefreshTokenTransport.COOKIE ? null : pair.refreshToken,
      tokenType: "Bearer",
      expiresIn: pair.expiresIn,
      expiresAt: pair.expiresAt,
      sessionExpiresAt: pair.sessionExpiresAt,
      user: pair.user,
    });
  }
}
