import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";

/**
 * The README's screenshots (docs/screenshots/NAME.png), taken while the tests run. Written
 * when missing or under UPDATE_SCREENSHOTS=1 only, so that `npm test` leaves the tree as it was.
 */
const dir = join(import.meta.dirname, "../../../docs/screenshots");

/** `scrollTo`: the part of the page to show, scrolled to the top of the viewport. */
export async function screenshot(page: Page, name: string, { scrollTo }: { scrollTo?: Locator } = {}): Promise<void> {
  const file = join(dir, `${name}.png`);
  if (existsSync(file) && process.env.UPDATE_SCREENSHOTS !== "1") return;
  mkdirSync(dir, { recursive: true });
  await scrollTo?.evaluate((element) => element.scrollIntoView({ block: "start" }));
  // Fonts and images settled, no caret blinking: the same page gives the same picture.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, caret: "hide", animations: "disabled" });
}
