import { Field, InputType } from "type-graphql";
import { RefreshTokenTransport } from "../../entities/refresh-token-transport.js";

@InputType()
export class LoginInput {
  @Field(() => String, { description: "Compared regardless of case." })
  username!: string;

  @Field(() => String)
  password!: string;

  @Field(() => RefreshTokenTransport, {
    nullable: true,
    defaultValue: RefreshTokenTransport.BODY,
    description: "Where the session's refresh token travels: BODY for mobile apps and servers, COOKIE for browsers.",
  })
  refreshTokenTransport?: RefreshTokenTransport | null;
}
