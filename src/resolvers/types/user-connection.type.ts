import { Field, ObjectType } from "type-graphql";
import { User } from "../../entities/user.entity.js";
import { PageInfo } from "./page-info.type.js";

@ObjectType({ simpleResolvers: true })
export class UserEdge {
  @Field(() => String, { description: "Opaque: pass it as `after` to read on from here." })
  cursor!: string;

  @Field(() => User)
  node!: User;
}

/** `totalCount` is resolved by UserConnectionResolver, only when asked for. */
@ObjectType({ description: "A page of the accounts, oldest first (Relay connection).", simpleResolvers: true })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
