import { registerEnumType } from "type-graphql";

/** How a session's refresh token travels; chosen at sign-in, kept for the session's life. */
export enum RefreshTokenTransport {
  BODY = "BODY",
  COOKIE = "COOKIE",
}

registerEnumType(RefreshTokenTransport, {
  name: "RefreshTokenTransport",
  description: "How a session's refresh token travels, chosen at sign-in and kept for the session's life.",
  valuesConfig: {
    BODY: { description: "In `AuthPayload.refreshToken`, sent back as the `refreshToken` argument: mobile apps and servers." },
    COOKIE: {
      description:
        "In an HttpOnly, Secure, SameSite=Strict cookie, never in a response body (`AuthPayload.refreshToken` is null): browsers.",
    },
  },
});
