import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, hidden, mainNav, newPerson, productCard, register, signedInAs, signInLink, signOut, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";
import { operationOf } from "./support/page-watch.js";
import { expectNoRefreshCookie, expectNoTokenInScriptReach, expectRefreshCookie } from "./support/token-checks.js";

/**
 * Two tabs of one browser share one refresh cookie. Access tokens live 4 s here, and the
 * reuse interval is 0: a refresh token presented twice is taken for theft and ends the
 * session, so two tabs refreshing at once would sign both out. The session's lock across
 * tabs, and the tokens one tab shares with the other, are what keep them signed in.
 */
const ACCESS_TOKEN_SECONDS = 4;

describeInBrowser("two tabs of one browser", () => {
  const harness = useHarness({ ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_SECONDS}s`, REFRESH_TOKEN_REUSE_INTERVAL: "0" });

  const openCart = (page: Page) => mainNav(page).getByRole("link", { name: "Cart" }).click();
  const cartRow = (page: Page, product: string) => page.getByRole("row", { name: new RegExp(product) });

  it("both stay signed in across an access token's expiry, with one refresh for both", async () => {
    await harness.app.seed();
    const { context, watch } = await harness.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    const person = newPerson("tabs");

    await register(first, person);
    await first.getByRole("button", { name: "Add Laptop stand to cart" }).click();
    await visible(productCard(first, "Laptop stand").getByText("Added to cart (1 in your cart)"));
    await second.goto("/");
    await visible(signedInAs(second, person.username));
    await openCart(second);
    await visible(cartRow(second, "Laptop stand"));
    await mainNav(second).getByRole("link", { name: "Catalogue" }).click();
    await visible(heading(second, "Catalogue"));

    // Past the access token's life: the next request of either tab needs a new one.
    await first.waitForTimeout(ACCESS_TOKEN_SECONDS * 1000 + 500);
    const before = watch.refreshes.length;
    // Both at once; each done once the API has answered it (the cart page shows the cached cart before).
    const cartAnswered = second.waitForResponse((response) => operationOf(response.request()) === "CartPage");
    await Promise.all([first.getByRole("button", { name: "Add USB-C hub to cart" }).click(), openCart(second)]);
    await visible(productCard(first, "USB-C hub").getByText("Added to cart (1 in your cart)"));
    expect((await cartAnswered).ok()).toBe(true);
    await visible(cartRow(second, "Laptop stand"));
    const afterExpiry = watch.refreshes.slice(before);

    for (const page of [first, second]) {
      await openCartAgain(page);
      await visible(cartRow(page, "USB-C hub"));
      await visible(signedInAs(page, person.username));
      await expectNoTokenInScriptReach(page, "across the expiry");
    }
    await expectRefreshCookie(context);

    const started = watch.refreshes[0]?.at ?? 0;
    const list = (refreshes: typeof afterExpiry) => refreshes.map((r) => `${r.page} at +${((r.at - started) / 1000).toFixed(1)} s`).join(", ");
    console.warn(
      `two tabs: ${watch.refreshes.length} Refresh requests in all; before the expiry ${before} (${list(watch.refreshes.slice(0, before))}: ` +
        `each tab's start, and any the test's own slowness made due); for the expiry ${afterExpiry.length} (${list(afterExpiry)}); ` +
        `GraphQL refusals seen: ${JSON.stringify(watch.refusals)}`,
    );
    expect(watch.refusals).not.toContain("REFRESH_TOKEN_REUSED");
    expect(watch.failedRequests).toEqual([]);
    // Both tabs needed a token at once: the lock let one refresh, and it shared the token.
    expect(afterExpiry).toHaveLength(1);
  });

  /** The cart page again (from the catalogue): it asks the network each time it opens. */
  async function openCartAgain(page: Page) {
    await mainNav(page).getByRole("link", { name: "Catalogue" }).click();
    await visible(heading(page, "Catalogue"));
    await openCart(page);
    await visible(heading(page, "Cart"));
  }

  it("signs the other tab out, without a reload, when one tab signs out", async () => {
    const { context } = await harness.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    const person = newPerson("tabs");
    await register(first, person);
    await second.goto("/");
    await visible(signedInAs(second, person.username));
    // Gone if the page were loaded again.
    await second.evaluate(() => Object.assign(window, { notReloaded: true }));

    await signOut(first);
    await visible(signInLink(second), 3_000);
    await hidden(signedInAs(second, person.username));
    expect(await second.evaluate(() => "notReloaded" in window)).toBe(true);
    for (const page of [first, second]) await expectNoTokenInScriptReach(page, "after signing out in one tab");
    await expectNoRefreshCookie(context);
  });
});
