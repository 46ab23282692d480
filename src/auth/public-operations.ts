/**
 * Deny by default: every query and mutation needs `@Authorized` unless it is named here.
 * A test walks the schema and fails on any operation that is neither.
 */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  "register",
  "login",
  "refreshToken",
  "logout",
  "products",
  "product",
  "mailEnabled",
  "verifyEmail",
  "requestPasswordReset",
  "resetPassword",
]);
