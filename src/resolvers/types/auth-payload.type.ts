import { Field, Int, ObjectType } from "type-graphql";
import type { TokenPair } from "../../auth/sessions.js";
import { User } from "../../entities/user.entity.js";

@ObjectType({ description: "A fresh token pair and the user it belongs to.", simpleResolvers: true })
export class AuthPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <accessToken>`." })
  accessToken!: string;

  @Field(() => String, { description: "Single use: exchange it with `refreshToken` for a new pair." })
  refreshToken!: string;

  @Field(() => String, { description: 'Always "Bearer".' })
  tokenType!: string;

  @Field(() => Int, { description: "Seconds until the access token expires." })
  expiresIn!: number;

  @Field(() => User)
  user!: User;

  static from(pair: TokenPair): AuthPayload {
    return Object.assign(new AuthPayload(), {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      tokenType: "Bearer",
      expiresIn: pair.expiresIn,
      user: pair.user,
    });
  }
}
