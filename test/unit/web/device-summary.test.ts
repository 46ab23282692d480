import { describe, expect, it } from "vitest";
import { deviceSummary } from "../../../web/src/features/account/device-summary.js";

const agents = {
  chromeLinux: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  headlessChrome: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
  edgeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  operaMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  safariIphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  chromeIpad: "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
  chromeAndroid: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  samsungAndroid: "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
  firefoxIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
  chromeOs: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

describe("deviceSummary", () => {
  it.each([
    [agents.chromeLinux, "Chrome on Linux"],
    [agents.headlessChrome, "Headless Chrome on Linux"],
    [agents.firefoxWindows, "Firefox on Windows"],
    [agents.safariMac, "Safari on macOS"],
    [agents.safariIphone, "Safari on iPhone"],
    [agents.chromeIpad, "Chrome on iPad"],
    [agents.chromeOs, "Chrome on ChromeOS"],
  ])("names the browser and the system of %s", (agent, expected) => {
    expect(deviceSummary(agent)).toBe(expected);
  });

  it("names the browsers that also say Chrome or Safari by their own name", () => {
    expect(deviceSummary(agents.edgeWindows)).toBe("Edge on Windows");
    expect(deviceSummary(agents.operaMac)).toBe("Opera on macOS");
    expect(deviceSummary(agents.samsungAndroid)).toBe("Samsung Internet on Android");
    expect(deviceSummary(agents.firefoxIos)).toBe("Firefox on iPhone");
  });

  it("says Android, not Linux, for an Android phone", () => {
    expect(deviceSummary(agents.chromeAndroid)).toBe("Chrome on Android");
  });

  it("keeps the product name of a client that is no browser", () => {
    expect(deviceSummary("curl/8.5.0")).toBe("curl");
    expect(deviceSummary("node")).toBe("node");
    expect(deviceSummary("okhttp/4.12.0")).toBe("okhttp");
  });

  it("names the system alone when the browser is not one it knows", () => {
    expect(deviceSummary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) SomethingNew/1.0")).toBe("A browser on Windows");
  });

  it("says Unknown device when there is no user agent, or nothing readable in it", () => {
    expect(deviceSummary(null)).toBe("Unknown device");
    expect(deviceSummary(undefined)).toBe("Unknown device");
    expect(deviceSummary("   ")).toBe("Unknown device");
    expect(deviceSummary("(compatible)")).toBe("Unknown device");
    expect(deviceSummary("x".repeat(200))).toBe("Unknown device");
  });
});
