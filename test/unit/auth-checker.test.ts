import { randomUUID } from "node:crypto";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { describe, expect, it } from "vitest";
import { authChecker } from "../../src/auth/auth-checker.js";
import type { AuthUser } from "../../src/auth/sessions.js";
import { Role } from "../../src/entities/role.js";
import type { User } from "../../src/entities/user.entity.js";

const userWith = (role: Role): AuthUser => ({ id: randomUUID(), sessionId: randomUUID(), role, profile: {} as User });

const check = (user: AuthUser | null, roles: Role[]) =>
  authChecker({ context: { user }, root: {}, args: {}, info: {} as GraphQLResolveInfo }, roles);

/** The GraphQLError the checker threw; fails the test when it allowed the call. */
function refusalOf(user: AuthUser | null, roles: Role[]): GraphQLError {
  try {
    check(user, roles);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  expect.fail("authChecker allowed the call");
}

describe("authChecker", () => {
  it.each([[[]], [[Role.ADMIN]], [[Role.USER, Role.ADMIN]]])("refuses a caller who is not signed in as UNAUTHENTICATED (roles %j)", (roles) => {
    expect(refusalOf(null, roles).extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a USER where ADMIN is required as FORBIDDEN", () => {
    expect(refusalOf(userWith(Role.USER), [Role.ADMIN]).extensions.code).toBe("FORBIDDEN");
  });

  it("allows an ADMIN where ADMIN is required", () => {
    expect(check(userWith(Role.ADMIN), [Role.ADMIN])).toBe(true);
  });

  it.each([Role.USER, Role.ADMIN])("allows any signed-in %s where no role is named", (role) => {
    expect(check(userWith(role), [])).toBe(true);
  });

  it("allows a caller holding any one of several named roles", () => {
    expect(check(userWith(Role.USER), [Role.USER, Role.ADMIN])).toBe(true);
  });
});
