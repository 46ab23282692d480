import type { Locator } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, mainNav, newPerson, register, signInLink, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";
import { expectNoRefreshCookie } from "./support/token-checks.js";

/** What a form says when the API refuses it: beside the field at fault, or above the form. */

describeInBrowser("forms refused by the API", () => {
  const harness = useHarness();

  /** The texts an input's aria-describedby points at: what a screen reader reads with it. */
  async function descriptionOf(input: Locator): Promise<string> {
    const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).innerText()));
    return texts.join(" ");
  }

  it("shows a too-short password's error beside the Password field, and moves the focus there", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson();
    await page.goto("/register");
    await visible(heading(page, "Create an account"));
    await page.getByLabel("Username").fill(person.username);
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("short");
    await page.getByRole("button", { name: "Create account" }).click();

    await visible(page.getByText("Password must be at least 8 characters"));
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    expect(await descriptionOf(password)).toContain("Password must be at least 8 characters");
    expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
    // The username was fine: nothing said about it.
    expect(await page.getByLabel("Username").getAttribute("aria-invalid")).toBeNull();
    await visible(signInLink(page));
    await expectNoRefreshCookie(context);
  });

  it("says a wrong password is wrong, above the sign-in form", async () => {
    const person = newPerson();
    await harness.app.createUser(person);
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Username").fill(person.username);
    await page.getByLabel("Password", { exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await visible(page.getByRole("alert").filter({ hasText: "Invalid username or password" }));
    await visible(signInLink(page));
    await expectNoRefreshCookie(context);
  });

  it("changes the name on the Account page, with the server's refusal beside the field", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await register(page, newPerson("profile"));
    await mainNav(page).getByRole("link", { name: "Account" }).click();
    const form = page.getByRole("form", { name: "Change your name" });
    const name = form.getByLabel("Name");

    await name.fill("Ada\u200bLovelace"); // an invisible character: refused
    await form.getByRole("button", { name: "Save name" }).click();
    await visible(form.getByText("Name must not contain control or invisible characters"));
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await descriptionOf(name)).toContain("Name must not contain control or invisible characters");

    await name.fill("Ada Lovelace");
    await form.getByRole("button", { name: "Save name" }).click();
    await visible(form.getByText("Name saved."));
    const profile = page.getByRole("region", { name: "Profile" });
    await visible(profile.getByText("Ada Lovelace", { exact: true }).first());
    await page.reload();
    await visible(page.getByRole("region", { name: "Profile" }).getByRole("definition").filter({ hasText: /^Ada Lovelace$/ }));
  });
});
