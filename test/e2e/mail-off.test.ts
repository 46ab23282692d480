import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, mainNav, newPerson, signedInAs, signInLink, signOut, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";

/** A server that sends no e-mail (MAIL=off, the e2e default): the web app offers nothing that would send one. */

describeInBrowser("a server without e-mail", () => {
  const harness = useHarness();

  it("shows no verification banner, no e-mail change and no 'Forgot password?', and says why on the Account page", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson("nomail");
    await page.goto("/register");
    await visible(heading(page, "Create an account"));
    await page.getByLabel("Username").fill(person.username);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByLabel("E-mail (optional)").fill(`${person.username.toLowerCase()}@example.com`);
    await page.getByRole("button", { name: "Create account" }).click();
    await visible(signedInAs(page, person.username));

    await mainNav(page).getByRole("link", { name: "Account" }).click();
    const section = page.getByRole("region", { name: "E-mail address" });
    await visible(section.getByText("This site does not send e-mail", { exact: false }));
    expect(await section.getByRole("button").count()).toBe(0);
    expect(await page.getByRole("region", { name: "E-mail not verified" }).count()).toBe(0);

    await signOut(page);
    await signInLink(page).click();
    await visible(page.getByRole("button", { name: "Sign in" }));
    // The answer to mailEnabled has arrived once the form is there (cache-first, asked with the page).
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("link", { name: "Forgot password?" }).count()).toBe(0);
  });
});
