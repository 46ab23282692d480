import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Where the tokens are not: nothing token-like in localStorage or sessionStorage, no cookie a
 * script can read; and where the refresh token is: an HttpOnly, Secure, SameSite=Strict cookie.
 */

const REFRESH_COOKIE = "__Host-refresh_token";
/** A token's name, a JWT, or a long run of base64url (an opaque refresh token is 43 characters). */
const TOKEN_LIKE = /token|jwt|bearer|refresh|eyJ[\w-]{8,}|[\w-]{32,}/i;

export async function expectNoTokenInScriptReach(page: Page, step: string): Promise<void> {
  const seen = await page.evaluate(() => ({
    cookie: document.cookie,
    stored: [...Object.entries(localStorage), ...Object.entries(sessionStorage)].map(([key, value]) => `${key}=${value}`),
  }));
  expect(seen.cookie, `document.cookie ${step}`).toBe("");
  for (const entry of seen.stored) expect(entry, `Web Storage ${step}`).not.toMatch(TOKEN_LIKE);
}

export async function expectRefreshCookie(context: BrowserContext): Promise<void> {
  const cookie = (await context.cookies()).find((c) => c.name === REFRESH_COOKIE);
  expect(cookie, `${REFRESH_COOKIE} cookie`).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
}

export async function expectNoRefreshCookie(context: BrowserContext): Promise<void> {
  expect((await context.cookies()).map((c) => c.name)).not.toContain(REFRESH_COOKIE);
}
