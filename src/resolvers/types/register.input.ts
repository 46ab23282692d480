import { Field, InputType } from "type-graphql";
import { RefreshTokenTransport } from "../../entities/refresh-token-transport.js";

@InputType()
export class RegisterInput {
  @Field(() => String, { description: "3 to 32 letters, digits, `_`, `.`, `-`; unique regardless of case." })
  username!: string;

  @Field(() => String, { description: "8 to 128 characters, used exactly as given." })
  password!: string;

  @Field(() => String, { nullable: true, description: "At most 100 characters." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "A valid address of at most 254 characters." })
  email?: string | null;

  @Field(() => RefreshTokenTransport, {
    nullable: true,
    defaultValue: RefreshTokenTransport.BODY,
    description: "Where the session's refresh token travels: BODY for mobile apps and servers, COOKIE for browsers.",
  })
  refreshTokenTransport?: RefreshTokenTransport | null;
}
