import { AuthResolver } from "./auth.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { UserResolver } from "./user.resolver.js";

export const resolvers = [AuthResolver, SessionResolver, UserResolver] as const;
