import type { Page, Response } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, newPerson, register, signIn, visible } from "./support/flows.js";
import { PHONE, useHarness } from "./support/harness.js";
import { screenshot } from "./support/screenshots.js";

/**
 * Every page, loaded the way a browser loads it: the document's Content-Security-Policy
 * allows no inline script or style, and nothing on any page breaks it, throws, or logs an
 * error (the harness checks those after every test). At 375 px wide nothing
 * scrolls sideways.
 */

const PAGES: { path: string; title: string }[] = [
  { path: "/", title: "Catalogue" },
  { path: "/sign-in", title: "Sign in" },
  { path: "/register", title: "Create an account" },
  { path: "/cart", title: "Cart" },
  { path: "/wishlist", title: "Wishlist" },
  { path: "/account", title: "Account" },
  { path: "/admin/products", title: "Manage products" },
  { path: "/admin/users", title: "Manage users" },
  { path: "/no-such-page", title: "Page not found" },
];

function expectStrictCsp(response: Response | null, path: string) {
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp, `${path}: Content-Security-Policy`).toMatch(/(?:^|;)\s*script-src 'self'(?:;|$)/);
  expect(csp, path).toMatch(/(?:^|;)\s*style-src 'self'(?:;|$)/);
  expect(csp, path).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  expect(response?.headers()["content-type"], path).toMatch(/^text\/html/);
}

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describeInBrowser("every page", () => {
  const harness = useHarness();

  it("is served with a CSP without 'unsafe-inline', and breaks it nowhere, signed in as an ADMIN", async () => {
    await harness.app.seed();
    const admin = newPerson("admin");
    await harness.app.createUser({ ...admin, role: "ADMIN" });
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, admin);

    for (const { path, title } of PAGES.filter((p) => !["/sign-in", "/register"].includes(p.path))) {
      expectStrictCsp(await page.goto(path), path);
      await visible(heading(page, title));
    }
    await page.goto("/");
    await page.getByRole("link", { name: "4K monitor" }).click();
    await visible(heading(page, "4K monitor"));
    expectStrictCsp(await page.reload(), "a product's page");
    await visible(heading(page, "4K monitor"));
  });

  it("fits a 375 px wide screen, signed out and signed in", async () => {
    await harness.app.seed();
    const { context } = await harness.newContext({ viewport: PHONE });
    const page = await context.newPage();
    for (const path of ["/", "/sign-in", "/register"]) {
      expectStrictCsp(await page.goto(path), path);
      await visible(page.getByRole("heading", { level: 1 }));
      expect(await sidewaysOverflow(page), `${path} at 375 px`).toBeLessThanOrEqual(0);
    }
    const admin = newPerson("admin");
    await harness.app.createUser({ ...admin, role: "ADMIN" });
    await signIn(page, admin);
    for (const { path, title } of PAGES) {
      await page.goto(path);
      await visible(heading(page, title));
      expect(await sidewaysOverflow(page), `${path} at 375 px`).toBeLessThanOrEqual(0);
    }

    // The README's picture: a shopper's catalogue on a phone.
    const shopper = await harness.newContext({ viewport: PHONE });
    const phone = await shopper.context.newPage();
    await register(phone, newPerson());
    await visible(phone.getByRole("button", { name: "Add 4K monitor to cart" }));
    await screenshot(phone, "catalogue-phone");
  });
});
