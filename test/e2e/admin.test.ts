import { expect, it } from "vitest";
import { describeInBrowser } from "../helpers/browser.js";
import { heading, mainNav, newPerson, productCard, register, signIn, visible } from "./support/flows.js";
import { useHarness } from "./support/harness.js";

/** The admin pages: for ADMIN accounts (made with `npm run user:create -- --role ADMIN`), refused to others. */

describeInBrowser("the admin pages", () => {
  const harness = useHarness();

  it("let an ADMIN manage users and create a product that the catalogue then shows", async () => {
    const admin = newPerson("admin");
    await harness.app.createUser({ ...admin, role: "ADMIN" });
    const customer = newPerson();
    await harness.app.createUser(customer);
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await signIn(page, admin);

    await mainNav(page).getByRole("link", { name: "Users" }).click();
    await visible(heading(page, "Manage users"));
    const users = page.getByRole("table", { name: "Users" });
    await visible(users.getByRole("row", { name: new RegExp(admin.username) }));
    await visible(users.getByRole("row", { name: new RegExp(customer.username) }));

    await mainNav(page).getByRole("link", { name: "Products" }).click();
    await visible(heading(page, "Manage products"));
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("Name").fill("Desk lamp");
    await form.getByLabel("Description").fill("Warm light, dimmable.");
    await form.getByLabel("Price").fill("24.50");
    await form.getByRole("button", { name: "Create product" }).click();
    await visible(page.getByText("Created “Desk lamp”."));

    await mainNav(page).getByRole("link", { name: "Catalogue" }).click();
    await visible(heading(page, "Catalogue"));
    const card = productCard(page, "Desk lamp");
    await visible(card);
    await visible(card.getByText("$24.50"));
  });

  it("are neither linked nor shown to a USER", async () => {
    const { context } = await harness.newContext();
    const page = await context.newPage();
    await register(page, newPerson());
    await visible(mainNav(page).getByRole("link", { name: "Account" }));
    for (const link of ["Products", "Users"]) expect(await mainNav(page).getByRole("link", { name: link, exact: true }).count(), link).toBe(0);

    for (const path of ["/admin/users", "/admin/products"]) {
      await page.goto(path);
      await visible(heading(page, "Not allowed"));
      expect(await page.getByRole("heading", { name: /^Manage/ }).count()).toBe(0);
    }
  });
});
