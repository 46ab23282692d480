import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "./role.js";

@ObjectType({ description: "An account.", simpleResolvers: true })
@Entity({ tableName: "users" })
export class User {
  [OptionalProps]?: "id" | "name" | "email" | "role" | "isActive" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @Field(() => String, { description: "As the user typed it at registration." })
  @Property({ type: "string", length: 32 })
  username!: string;

  /** NFKC + lower case: what makes two usernames the same. */
  @Property({ type: "string", length: 128, unique: true })
  usernameKey!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 100, nullable: true })
  name: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: "string", length: 255, hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, type: "string", length: 16 })
  role: Role = Role.USER;

  @Field(() => Boolean)
  @Property({ type: "boolean" })
  isActive: boolean = true;

  @Field(() => Date)
  @Index()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
