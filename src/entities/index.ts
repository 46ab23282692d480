import { RetiredRefreshToken } from "./retired-refresh-token.entity.js";
import { Session } from "./session.entity.js";
import { User } from "./user.entity.js";

export { Role } from "./role.js";
export { RetiredRefreshToken, Session, User };

export const entities = [User, Session, RetiredRefreshToken];
