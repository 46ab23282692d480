import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "./role.js";

@ObjectType({ description: "An account.", simpleResolvers: true })
@Entity({ tableName: "users" })
// usersConnection's order (created_at, id), like the catalogue's.
@Index({ properties: ["createdAt", "id"] })
export class User {
  [OptionalProps]?: "id" | "usernameSkeleton" | "name" | "email" | "emailVerified" | "verifiedEmailKey" | "role" | "isActive" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @Field(() => String, { description: "As the user typed it at registration." })
  @Property({ type: "string", length: 32 })
  username!: string;

  /** NFKC + lower case: the name a sign-in looks up. */
  @Property({ type: "string", length: 128, unique: true })
  usernameKey!: string;

  /**
   * The UTS #39 skeleton (see lib/lookalikes.ts): no two accounts share one, so no
   * name can be taken again by a lookalike. Null only for an account that already shared
   * its skeleton with an older one when lookalikes began to be compared (it keeps working).
   */
  @Property({ type: "string", length: 128, nullable: true, unique: true })
  usernameSkeleton: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 100, nullable: true })
  name: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 254, nullable: true })
  email: string | null = null;

  /**
   * Whether the user followed a verification link sent to `email`. Shown as
   * `User.emailVerified` (user.resolver.ts), which is false whenever `email` is null.
   */
  @Property({ type: "boolean", default: false })
  emailVerified: boolean = false;

  /**
   * The verified address, lower-cased (emailKey in validation.ts); null while the address is
   * not verified. Unique: a verified address belongs to one account at most, and of two
   * verifications of one address at once the database lets one win, on either dialect.
   */
  @Property({ type: "string", length: 254, nullable: true, unique: true, hidden: true })
  verifiedEmailKey: string | null = null;

  @Property({ type: "string", length: 255, hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, type: "string", length: 16 })
  role: Role = Role.USER;

  @Field(() => Boolean)
  @Property({ type: "boolean" })
  isActive: boolean = true;

  @Field(() => Date)
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
