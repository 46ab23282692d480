/**
 * A User-Agent string as a person would name the device: "Chrome on Linux", "Safari on
 * iPhone". Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", Android
 * says "Linux". Anything else keeps its first product name ("curl"), and nothing at all is
 * "Unknown device".
 */

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\bHeadlessChrome\//, "Headless Chrome"],
  [/\b(?:Chrome|CriOS)\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const first = (table: readonly [RegExp, string][], text: string) => table.find(([pattern]) => pattern.test(text))?.[1];

export function deviceSummary(userAgent: string | null | undefined): string {
  const text = userAgent?.trim() ?? "";
  if (text === "") return "Unknown device";
  const browser = first(BROWSERS, text);
  const system = first(SYSTEMS, text);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  // Not a browser: its first product token, without the version ("curl/8.5.0" is "curl").
  const product = /^[^\s/()]+/.exec(text)?.[0];
  return product && product.length <= 40 ? product : "Unknown device";
}
