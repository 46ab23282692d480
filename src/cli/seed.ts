/** npm run seed: a few demo products, added once (idempotent: matched by name). */
import type { MikroORM } from "@mikro-orm/core";
import { Product } from "../entities/index.js";
import { runCommand } from "./run.js";

const DEMO_PRODUCTS = [
  { name: "Mechanical keyboard", description: "Tactile switches, hot-swappable, USB-C.", priceCents: 8900 },
  { name: "Noise-cancelling headphones", description: "Over-ear, 30 hours of battery.", priceCents: 19900 },
  { name: "4K monitor", description: "27 inches, IPS, USB-C with 90 W power delivery.", priceCents: 34900 },
  { name: "Ergonomic mouse", description: "Vertical grip, silent clicks.", priceCents: 4900 },
  { name: "Laptop stand", description: "Aluminium, adjustable height.", priceCents: 3900 },
  { name: "USB-C hub", description: "HDMI, two USB-A, SD card, 100 W pass-through.", priceCents: 2900 },
];

if (process.argv.slice(2).some((arg) => arg === "--help" || arg === "-h")) {
  console.log("usage: npm run seed\n\nAdds a few demo products to the database of DATABASE_URL; products already there (by name) are kept.");
} else {
  await runCommand(seed);
}

async function seed({ orm }: { orm: MikroORM }): Promise<void> {
  const em = orm.em.fork();
  const existing = new Set(
    (await em.find(Product, { name: { $in: DEMO_PRODUCTS.map((p) => p.name) } })).map((p) => p.name),
  );
  const missing = DEMO_PRODUCTS.filter((p) => !existing.has(p.name));
  // A millisecond apart, newest first: the catalogue (newest first) lists them in this order,
  // the same on every machine, rather than in the order of their random ids.
  const now = Date.now();
  missing.forEach((product, index) => em.create(Product, { ...product, createdAt: new Date(now - index) }));
  await em.flush();
  console.log(`Added ${missing.length} demo products (${existing.size} were already there).`);
}
