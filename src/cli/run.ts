import "reflect-metadata";
import { DriverException, type MikroORM } from "@mikro-orm/core";
import { GraphQLError } from "graphql";
import { ConfigError, loadConfig, type Config } from "../config/config.js";
import { createLogger } from "../lib/logger.js";
import { createOrm } from "../db/orm.js";

/** Thrown for a bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command against the same config and database as the server (migrating it if
 * needed). Any failure is one line on stderr and a non-zero exit code, never a stack trace.
 */
export async function runCommand(main: (context: { config: Config; orm: MikroORM }) => Promise<void>): Promise<void> {
  let orm: MikroORM | undefined;
  let code = 0;
  try {
    const config = loadConfig(process.env, { warn: () => {} });
    // Warnings (a migration's report of lookalike usernames, say) go to stderr, the rest nowhere.
    orm = await createOrm(config.databaseUrl, createLogger("warn", process.stderr));
    await main({ config, orm });
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    console.error(`error: ${describe(error)}`);
  } finally {
    await orm?.close().catch(() => {});
  }
  process.exitCode = code;
}

function describe(error: unknown): string {
  if (error instanceof ConfigError) return error.problems.join("; ");
  if (error instanceof GraphQLError || error instanceof UsageError) return error.message;
  // Its message repeats the SQL with its parameters (a password hash): name it by code only.
  if (error instanceof DriverException) return `database error (${error.code ?? error.name})`;
  if (error instanceof Error) return error.message.split("\n")[0] ?? "unexpected error";
  return "unexpected error";
}
