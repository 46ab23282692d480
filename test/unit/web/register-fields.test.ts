import { describe, expect, it } from "vitest";
import { registerValuesOf } from "../../../web/src/features/auth/register-fields.js";

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe("registerValuesOf", () => {
  it("leaves out the optional fields left blank", () => {
    expect(registerValuesOf(form({ username: "ada", password: "a-long-password", name: "", email: "  " }))).toEqual({
      username: "ada",
      password: "a-long-password",
    });
  });

  it("sends the optional fields filled in, as typed", () => {
    expect(registerValuesOf(form({ username: "ada", password: "pw", name: " Ada Lovelace", email: "ada@example.com" }))).toEqual({
      username: "ada",
      password: "pw",
      name: " Ada Lovelace",
      email: "ada@example.com",
    });
  });

  it("sends the password exactly as given, spaces included", () => {
    expect(registerValuesOf(form({ username: "ada", password: "  spaced out  " })).password).toBe("  spaced out  ");
  });

  it("sends empty strings for missing required fields, for the server to refuse", () => {
    expect(registerValuesOf(new FormData())).toEqual({ username: "", password: "" });
  });
});
