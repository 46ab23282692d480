import type { BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { fillSignIn, heading, mainNav, newPerson, productCard, register, signedInAs, signOut, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";
import { screenshot } from "./support/screenshots.js";
import { expectNoRefreshCookie, expectNoTokenInScriptReach, expectRefreshCookie } from "./support/token-checks.js";

/**
 * A shopper's way through the app: register, shop, reload, sign out, sign in again. After
 * every step no token is within a script's reach, and the refresh token is in its cookie.
 */

describeInBrowser("registering, shopping and signing in again", () => {
  const harness = useHarness();

  async function tokensWhereTheyBelong(page: Page, context: BrowserContext, step: string, signedIn: boolean) {
    await expectNoTokenInScriptReach(page, step);
    if (signedIn) await expectRefreshCookie(context);
    else await expectNoRefreshCookie(context);
  }

  it("keeps the shopper signed in and their cart across a reload, and signs them out and in again", async () => {
    await harness.app.seed();
    const { context, watch } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson();

    await page.goto("/");
    await visible(heading(page, "Catalogue"));
    await tokensWhereTheyBelong(page, context, "on a first visit", false);

    await register(page, person);
    await visible(heading(page, "Catalogue"));
    await tokensWhereTheyBelong(page, context, "after registering", true);

    await page.getByRole("button", { name: "Add Ergonomic mouse to cart" }).click();
    await visible(productCard(page, "Ergonomic mouse").getByText("Added to cart (1 in your cart)"));
    await tokensWhereTheyBelong(page, context, "after adding to the cart", true);
    await screenshot(page, "catalogue-signed-in");

    await page.reload();
    await visible(signedInAs(page, person.username));
    await tokensWhereTheyBelong(page, context, "after a reload", true);

    await mainNav(page).getByRole("link", { name: "Cart" }).click();
    await visible(heading(page, "Cart"));
    await visible(page.getByRole("row", { name: /Ergonomic mouse/ }));
    await tokensWhereTheyBelong(page, context, "on the cart page", true);
    await screenshot(page, "cart");

    await signOut(page);
    await tokensWhereTheyBelong(page, context, "after signing out", false);
    expect(await mainNav(page).getByRole("link", { name: "Cart" }).count()).toBe(0);

    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await fillSignIn(page, person);
    await tokensWhereTheyBelong(page, context, "after signing in again", true);
    await mainNav(page).getByRole("link", { name: "Cart" }).click();
    await visible(page.getByRole("row", { name: /Ergonomic mouse/ }));
    await tokensWhereTheyBelong(page, context, "on the cart page again", true);

    expect(watch.failedRequests).toEqual([]);
  });
});
