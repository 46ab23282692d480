import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, mainNav, newPerson, register, signedInAs, signIn, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";
import { screenshot } from "./support/screenshots.js";
import { expectNoRefreshCookie, expectNoTokenInScriptReach } from "./support/token-checks.js";

/** Two devices of one person: two browser contexts, each a profile with its own cookie. */

describeInBrowser("sessions on other devices", () => {
  const harness = useHarness();

  it("signs a device out on its next request once another revokes its session from the Account page", async () => {
    const person = newPerson("devices");
    const laptop = await harness.newContext();
    const phone = await harness.newContext();
    const { watch } = phone;
    const onLaptop = await laptop.context.newPage();
    const onPhone = await phone.context.newPage();
    await register(onLaptop, person);
    await signIn(onPhone, person);

    await mainNav(onLaptop).getByRole("link", { name: "Account" }).click();
    await visible(heading(onLaptop, "Account"));
    const sessions = onLaptop.getByRole("table", { name: "Sessions" });
    const rows = sessions.getByRole("row").filter({ has: onLaptop.getByRole("button", { name: "Revoke" }) });
    await visible(rows.nth(1));
    await visible(rows.filter({ hasText: "This device" }));
    await screenshot(onLaptop, "account-sessions", { scrollTo: onLaptop.getByRole("heading", { name: "Change password" }) });

    await rows.filter({ hasNotText: "This device" }).getByRole("button", { name: "Revoke" }).click();
    await rows.filter({ hasNotText: "This device" }).waitFor({ state: "detached" });
    await visible(signedInAs(onLaptop, person.username));

    // The phone still holds an access token: the API refuses it, and its refresh is refused too.
    await mainNav(onPhone).getByRole("link", { name: "Cart" }).click();
    await visible(heading(onPhone, "Sign in"));
    await visible(onPhone.getByText("Your session was ended on another device. Sign in again to continue."));
    await expectNoTokenInScriptReach(onPhone, "after the session was revoked");
    await expectNoRefreshCookie(phone.context);
    // The access token refused (its session is gone), then the refresh that would replace it.
    expect(watch.refusals.slice(-2)).toEqual(["TOKEN_REVOKED", "SESSION_REVOKED"]);
  });
});
