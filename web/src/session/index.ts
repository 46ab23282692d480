/** The web app's session: the only module that touches tokens. */
export { createAuthApi, AuthApiError, type SessionUser, type RegisterFields } from "./auth-api";
export { createTabSync } from "./tab-sync";
export { createSession, type ServerEnding, type Session, type SessionState } from "./session";
export { sessionLink } from "./apollo-links";
export { SessionProvider, useSession, useSessionState } from "./session-provider";
export { useSessionAction } from "./use-session-action";
