// Written by `npm run migration:create`: every migration, in the order they apply.
import { Migration20261122053946_initial } from "./sqlite/Migration20261122053946_initial.js";
import { Migration20261122055726_shop } from "./sqlite/Migration20261122055726_shop.js";

export const sqliteMigrations = [
  { name: "Migration20261122053946_initial", class: Migration20261122053946_initial },
  { name: "Migration20261122055726_shop", class: Migration20261122055726_shop },
];
