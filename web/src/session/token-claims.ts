/**
 * The session id (`sid`) an access token names. Read only to tell the tabs' messages apart
 * ("this token belongs to the session that just ended"), never to decide what the user
 * may do: the server verifies every token.
 */
export function sessionIdOf(accessToken: string | null): string | null {
  const payload = accessToken?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sid = (JSON.parse(json) as { sid?: unknown }).sid;
    return typeof sid === "string" ? sid : null;
  } catch {
    return null;
  }
}
