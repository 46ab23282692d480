import { registerEnumType } from "type-graphql";

export enum Role {
  USER = "USER",
  ADMIN = "ADMIN",
}

registerEnumType(Role, { name: "Role", description: "What a user may do: USER is everyone, ADMIN manages the shop and users." });
