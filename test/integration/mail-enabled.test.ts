import { describe, expect, it } from "vitest";
import { gql } from "../helpers/gql.js";
import { stoppedAfterEach } from "../helpers/test-app.js";

/** `mailEnabled`: what a front end asks before it offers anything that sends e-mail. */

const start = stoppedAfterEach();

describe("mailEnabled", () => {
  it("is true when the server sends e-mail, false under MAIL=off and in production without SMTP_URL", async () => {
    const on = await start({ SMTP_URL: "smtp://127.0.0.1:9" });
    const off = await start({ MAIL: "off" });
    const productionWithoutSmtp = await start({ NODE_ENV: "production" });
    for (const [app, expected] of [[on, true], [off, false], [productionWithoutSmtp, false]] as const) {
      expect((await gql(app.url, "{ mailEnabled }")).body).toEqual({ data: { mailEnabled: expected } });
    }
  });

  it("is public: answered to anybody, and a bad bearer token is ignored", async () => {
    const app = await start({ MAIL: "off" });
    const reply = await gql(app.url, "{ mailEnabled }", {}, { token: "not-a-token" });
    expect([reply.status, reply.body]).toEqual([200, { data: { mailEnabled: false } }]);
  });
});
