// Written by `npm run migration:create`: every migration, in the order they apply.
import { Migration20261122053946_initial as SqliteMigration20261122053946_initial } from "./sqlite/Migration20261122053946_initial.js";
import { Migration20261122055726_shop as SqliteMigration20261122055726_shop } from "./sqlite/Migration20261122055726_shop.js";
import { Migration20261122062606_initial as PostgresMigration20261122062606_initial } from "./postgres/Migration20261122062606_initial.js";

export const sqliteMigrations = [
  { name: "Migration20261122053946_initial", class: SqliteMigration20261122053946_initial },
  { name: "Migration20261122055726_shop", class: SqliteMigration20261122055726_shop },
];

export const postgresMigrations = [
  { name: "Migration20261122062606_initial", class: PostgresMigration20261122062606_initial },
];
