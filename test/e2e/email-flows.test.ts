import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { fillSignIn, heading, mainNav, newPerson, signedInAs, signInLink, signOut, visible, type Person } from "./support/flows.js";
import { useHarness } from "./support/harness.js";
import { useMailbox } from "./support/mailbox.js";
import { screenshot } from "./support/screenshots.js";
import { expectNoRefreshCookie } from "./support/token-checks.js";

/**
 * The flows that go through a mailbox, clicked through as a person would: the links come
 * from the messages the built server sent to an SMTP server of the test's.
 */

const VERIFY_SUBJECT = /^Verify your e-mail address/;
const RESET_SUBJECT = /^Reset your password/;

describeInBrowser("e-mail flows", () => {
  const mailbox = useMailbox();
  const harness = useHarness(() => mailbox.env());

  function addressOf(person: Person): string {
    return `${person.username.toLowerCase()}@example.com`;
  }

  async function registerWithEmail(page: Page, person: Person): Promise<string> {
    const email = addressOf(person);
    await page.goto("/register");
    await visible(heading(page, "Create an account"));
    await page.getByLabel("Username").fill(person.username);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByLabel("E-mail (optional)").fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    await visible(signedInAs(page, person.username));
    return email;
  }

  /** The banner's "Send verification link", then the link from the message, in this tab. */
  async function verifyFromBanner(page: Page, email: string): Promise<string> {
    const banner = page.getByRole("region", { name: "E-mail not verified" });
    await visible(banner);
    await screenshot(page, "verify-email-banner");
    await banner.getByRole("button", { name: "Send verification link" }).click();
    await visible(banner.getByRole("status").filter({ hasText: `We sent a link to ${email}` }));
    const link = await mailbox.link(email, VERIFY_SUBJECT);
    await page.goto(link);
    await visible(heading(page, "Verify your e-mail address"));
    await visible(page.getByText("Your e-mail address is verified."));
    await hiddenBanner(page);
    return link;
  }

  const hiddenBanner = (page: Page) => page.getByRole("region", { name: "E-mail not verified" }).waitFor({ state: "detached" });

  it("verifies the address from the banner, then resets a forgotten password from the sign-in page and signs in with the new one", async () => {
    const { context, watch } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson("reset");
    const email = await registerWithEmail(page, person);
    const verifyLink = await verifyFromBanner(page, email);
    // The link again: used once, it is refused, and the page says why and where to get another.
    await page.goto(verifyLink);
    await visible(page.getByRole("alert").filter({ hasText: "This link does not work any more" }));
    await visible(page.getByRole("link", { name: "Ask for a new link on your Account page" }));

    await mainNav(page).getByRole("link", { name: "Account" }).click();
    const emailSection = page.getByRole("region", { name: "E-mail address" });
    await visible(emailSection.getByText(email, { exact: true }));
    await visible(emailSection.getByText("Verified", { exact: true }));
    await signOut(page);

    await signInLink(page).click();
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await visible(heading(page, "Forgot password"));
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await visible(page.getByRole("status").filter({ hasText: `If ${email} is the verified address of an account` }));
    await screenshot(page, "forgot-password");

    const resetLink = await mailbox.link(email, RESET_SUBJECT);
    await page.goto(resetLink);
    await visible(heading(page, "Choose a new password"));
    const newPassword = `${person.password} renewed`;
    const field = page.getByLabel("New password", { exact: true });
    await field.fill("short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await visible(page.getByText("Password must be at least 8 characters"));
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await field.fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();

    await visible(heading(page, "Sign in"));
    await visible(page.getByText("Your password was changed and every device signed in to your account was signed out."));
    await fillSignIn(page, { username: person.username, password: newPassword });

    // The reset link once more, signed in: refused as used, with the way to a new one; the session stays.
    await page.goto(resetLink);
    await page.getByLabel("New password", { exact: true }).fill(`${newPassword} again`);
    await page.getByRole("button", { name: "Set new password" }).click();
    const problem = page.getByRole("alert").filter({ hasText: "This link does not work any more" });
    await visible(problem);
    await problem.getByRole("link", { name: "Ask for a new link" }).click();
    await visible(heading(page, "Forgot password"));
    await visible(signedInAs(page, person.username));
    expect(watch.refusals).toContain("LINK_INVALID");
  });

  it("signs this browser out when the password is reset in it, and every other device too", async () => {
    const person = newPerson("devices");
    const laptop = await harness.newContext();
    const phone = await harness.newContext();
    const onLaptop = await laptop.context.newPage();
    const onPhone = await phone.context.newPage();
    const email = await registerWithEmail(onLaptop, person);
    await verifyFromBanner(onLaptop, email);
    await onPhone.goto("/sign-in");
    await fillSignIn(onPhone, person);

    // Asked for and followed on the laptop, still signed in there.
    await onLaptop.goto("/forgot-password");
    await onLaptop.getByLabel("E-mail").fill(email);
    await onLaptop.getByRole("button", { name: "Send reset link" }).click();
    await visible(onLaptop.getByRole("status").filter({ hasText: "we sent it a link" }));
    await onLaptop.goto(await mailbox.link(email, RESET_SUBJECT));
    await onLaptop.getByLabel("New password", { exact: true }).fill(`${person.password} renewed`);
    await onLaptop.getByRole("button", { name: "Set new password" }).click();
    await visible(heading(onLaptop, "Sign in"));
    await visible(signInLink(onLaptop));
    await visible(onLaptop.getByText("Your password was changed and every device signed in to your account was signed out."));
    await expectNoRefreshCookie(laptop.context);

    // The phone learns it on its next request.
    await mainNav(onPhone).getByRole("link", { name: "Cart" }).click();
    await visible(heading(onPhone, "Sign in"));
    await visible(signInLink(onPhone));
  });

  it("explains a link without its token", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await page.goto("/reset-password");
    await visible(page.getByRole("alert").filter({ hasText: "This link is incomplete" }));
    await page.getByRole("link", { name: "Ask for a new link" }).click();
    await visible(heading(page, "Forgot password"));
    await page.goto("/verify-email?token=not-a-token-at-all");
    await visible(page.getByRole("alert").filter({ hasText: "This link does not work any more" }));
    await visible(page.getByRole("link", { name: "Sign in to ask for a new link" }));
    await page.goto("/verify-email");
    await visible(page.getByRole("alert").filter({ hasText: "This link is incomplete" }));
  });

  it("explains that another account verified the address first, and points to changing it", async () => {
    const first = await harness.newContext();
    const second = await harness.newContext();
    const onFirst = await first.context.newPage();
    const onSecond = await second.context.newPage();
    const shared = addressOf(newPerson("shared"));
    const [ada, bob] = [newPerson("ada"), newPerson("bob")];
    // Both accounts give the address, and both ask for a link before either is followed.
    const links: string[] = [];
    for (const [page, person] of [[onFirst, ada], [onSecond, bob]] as const) {
      await page.goto("/register");
      await page.getByLabel("Username").fill(person.username);
      await page.getByLabel("Password", { exact: true }).fill(person.password);
      await page.getByLabel("E-mail (optional)").fill(shared);
      await page.getByRole("button", { name: "Create account" }).click();
      await visible(signedInAs(page, person.username));
      const banner = page.getByRole("region", { name: "E-mail not verified" });
      await banner.getByRole("button", { name: "Send verification link" }).click();
      await visible(banner.getByRole("status"));
      links.push(await mailbox.link(shared, VERIFY_SUBJECT));
    }
    const [firstLink, secondLink] = links as [string, string];
    await onFirst.goto(firstLink);
    await visible(onFirst.getByText("Your e-mail address is verified."));

    await onSecond.goto(secondLink);
    const problem = onSecond.getByRole("alert").filter({ hasText: "verified by another account in the meantime" });
    await visible(problem);
    await problem.getByRole("link", { name: "Change your address on your Account page" }).click();
    await visible(onSecond.getByRole("region", { name: "E-mail address" }).getByText("Not verified", { exact: true }));
  });

  it("changes the address once the link sent to the new one is followed", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson("mover");
    const email = await registerWithEmail(page, person);
    await verifyFromBanner(page, email);

    await mainNav(page).getByRole("link", { name: "Account" }).click();
    const section = page.getByRole("region", { name: "E-mail address" });
    const form = section.getByRole("form", { name: "Change your e-mail address" });
    const newEmail = `new.${email}`;
    await form.getByLabel("New e-mail address").fill(newEmail);
    await form.getByLabel("Current password").fill("not the password");
    await form.getByRole("button", { name: "Send confirmation link" }).click();
    await visible(form.getByText("Current password is incorrect", { exact: false }));
    expect(await form.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true");

    await form.getByLabel("Current password").fill(person.password);
    await form.getByRole("button", { name: "Send confirmation link" }).click();
    await visible(section.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}. Your address changes when you follow it` }));
    // Nothing changed yet.
    await visible(section.getByText(email, { exact: true }));
    await screenshot(page, "account-email", { scrollTo: page.getByRole("heading", { name: "E-mail address", exact: true }) });

    await page.goto(await mailbox.link(newEmail, /^Confirm your new e-mail address/));
    await visible(page.getByText("Your e-mail address is verified."));
    await page.getByRole("link", { name: "Go to your account" }).click();
    await visible(section.getByText(newEmail, { exact: true }));
    await visible(section.getByText("Verified", { exact: true }));
    // The old address is told where the account went.
    const { text } = await mailbox.next(email, /was changed$/);
    expect(text).toContain(newEmail);
  });

  it("deletes the account after the password is asked again, signs out, and says so on the home page", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson("leaver");
    await registerWithEmail(page, person);
    await mainNav(page).getByRole("link", { name: "Account" }).click();
    const section = page.getByRole("region", { name: "Delete account" });
    await section.getByRole("button", { name: "Delete my account" }).click();
    const form = section.getByRole("form", { name: "Delete your account" });
    // The password field has the focus: the button clicked went away.
    await visible(form);
    expect(await form.getByLabel("Password").evaluate((input) => input === document.activeElement)).toBe(true);
    await form.getByRole("button", { name: "Cancel" }).click();
    await visible(section.getByRole("button", { name: "Delete my account" }));

    await section.getByRole("button", { name: "Delete my account" }).click();
    await screenshot(page, "account-delete", { scrollTo: page.getByRole("heading", { name: "Sessions", exact: true }) });
    await form.getByLabel("Password").fill("not the password");
    await form.getByRole("button", { name: "Yes, delete my account" }).click();
    await visible(form.getByText("Current password is incorrect", { exact: false }));
    await form.getByLabel("Password").fill(person.password);
    await form.getByRole("button", { name: "Yes, delete my account" }).click();

    await visible(page.getByRole("status").filter({ hasText: "Your account was deleted" }));
    await visible(heading(page, "Catalogue"));
    await visible(signInLink(page));
    await expect.poll(async () => (await context.cookies()).map((c) => c.name)).not.toContain("__Host-refresh_token");

    // Gone for good: its username and password open nothing.
    await signInLink(page).click();
    await page.getByLabel("Username").fill(person.username);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await visible(page.getByRole("alert").filter({ hasText: "Invalid username or password" }));
  });
});
