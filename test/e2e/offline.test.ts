import { it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, hidden, newPerson, register, signedInAs, signInLink, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";

/** A page loaded while the API cannot be reached, and the network coming back. */

describeInBrowser("a page loaded without the API", () => {
  const harness = useHarness();

  it("says the server cannot be reached, then picks the session up and the catalogue once the browser is online again", async () => {
    await harness.app.seed();
    const { context, watch } = await harness.newContext();
    const page = await context.newPage();
    const person = newPerson("offline");
    await register(page, person);

    await context.route("**/graphql", (route) => route.abort("internetdisconnected"));
    await page.reload();
    // The banner above the page (the catalogue says it too, in its own error).
    const banner = page.getByRole("alert").filter({ hasText: "you may be signed out until it answers" });
    await visible(banner);
    await visible(signInLink(page));

    await context.unroute("**/graphql");
    await context.setOffline(true);
    await context.setOffline(false); // the page hears "online"
    await visible(signedInAs(page, person.username));
    await hidden(banner);
    await hidden(page.getByRole("alert").filter({ hasText: "The server cannot be reached" }));
    await visible(heading(page, "Catalogue"));
    await visible(page.getByRole("button", { name: /^Add .+ to cart$/ }).first());

    // Chromium's console lines about the requests this test cut off are not the app's errors.
    const cutOff = /ERR_INTERNET_DISCONNECTED/;
    watch.consoleErrors.splice(0, watch.consoleErrors.length, ...watch.consoleErrors.filter((line) => !cutOff.test(line)));
  });
});
