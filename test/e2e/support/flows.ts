import { randomBytes } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { operationOf } from "./page-watch.js";

/** What a person does again and again: register, sign in and out, read the header. */

export interface Person {
  username: string;
  password: string;
  name: string;
}

export function newPerson(prefix = "shopper"): Person {
  const id = randomBytes(4).toString("hex");
  return { username: `${prefix}_${id}`, password: `a long password ${id}`, name: `Shopper ${id}` };
}

export const visible = (locator: Locator, timeout?: number) => locator.waitFor({ state: "visible", ...(timeout ? { timeout } : {}) });
export const hidden = (locator: Locator, timeout?: number) => locator.waitFor({ state: "hidden", ...(timeout ? { timeout } : {}) });

export const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
export const signedInAs = (page: Page, username: string) => page.getByText(`Signed in as ${username}`, { exact: true });
export const signOutButton = (page: Page) => page.getByRole("button", { name: "Sign out", exact: true });
/** The signed-out header: its "Sign in" link (the page may have one more, below). */
export const signInLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true });
export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
/** A product's card in the catalogue, by the product's name (its heading). */
export const productCard = (page: Page, name: string) =>
  page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });

export async function register(page: Page, person: Person): Promise<void> {
  await page.goto("/register");
  await visible(heading(page, "Create an account"));
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Name (optional)").fill(person.name);
  await page.getByRole("button", { name: "Create account" }).click();
  await visible(signedInAs(page, person.username));
}

/** Signs in from the page it is on (the "Sign in" page, or one it was sent to). */
export async function fillSignIn(page: Page, person: Pick<Person, "username" | "password">): Promise<void> {
  await visible(heading(page, "Sign in"));
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  // Enter submits, as a person at a keyboard would.
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await visible(signedInAs(page, person.username));
}

export async function signIn(page: Page, person: Pick<Person, "username" | "password">): Promise<void> {
  await page.goto("/sign-in");
  await fillSignIn(page, person);
}

/**
 * The header's "Sign out". The page shows the signed-out header at once and ends the session
 * on the server after: this waits for that answer too, which clears the refresh cookie.
 */
export async function signOut(page: Page): Promise<void> {
  const ended = page.waitForResponse((response) => operationOf(response.request()) === "SignOut");
  await signOutButton(page).click();
  await visible(signInLink(page));
  await ended;
}
