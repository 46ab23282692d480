import { User } from "../../entities/user.entity.js";
import { Connection } from "./connection.type.js";

/** `totalCount` is resolved by UserConnectionResolver, only when asked for. */
export const UserConnection = Connection("User", User, "A page of the accounts, oldest first (Relay connection).");
export type UserConnection = InstanceType<typeof UserConnection>;
