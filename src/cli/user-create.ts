/**
 * npm run user:create -- --username NAME [--role ADMIN] [--name "Full Name"] [--email ADDRESS]
 *
 * Creates a user with the rules of `register`; the password comes from standard input.
 * Prints the new id. Safe to run while the server runs (same database, WAL).
 */
import { parseArgs } from "node:util";
import { createUser, flushUnique } from "../accounts/accounts.js";
import { createPasswordHasher } from "../accounts/passwords.js";
import { Role } from "../entities/index.js";
import { readPassword } from "./read-password.js";
import { UsageError, runCommand } from "./run.js";

const USAGE = 'usage: npm run user:create -- --username NAME [--role USER|ADMIN] [--name "Full Name"] [--email ADDRESS]';

if (process.argv.slice(2).some((arg) => arg === "--help" || arg === "-h")) {
  console.log(`${USAGE}\n\nThe password is read from standard input: a hidden prompt on a terminal, else its first line.`);
} else {
  await runCommand(async ({ orm }) => {
    const args = parseCommandLine();
    const password = await readPassword();
    if (password === "") {
      throw new Error("no password on standard input: pipe one in (printf '%s\\n' \"$PASSWORD\" | npm run user:create -- ...) or run it on a terminal to be asked");
    }
    const em = orm.em.fork();
    const user = await createUser(em, await createPasswordHasher(), { ...args, password });
    await flushUnique(em);
    console.log(user.id);
  });
}

function parseCommandLine(): { username: string; role: Role; name?: string; email?: string } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        username: { type: "string" },
        role: { type: "string", default: Role.USER },
        name: { type: "string" },
        email: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (${USAGE})`);
  }
  if (!values.username) throw new UsageError(`--username is required (${USAGE})`);
  const role = values.role?.toUpperCase();
  if (role !== Role.USER && role !== Role.ADMIN) throw new UsageError(`--role must be USER or ADMIN (${USAGE})`);
  return { username: values.username, role, name: values.name, email: values.email };
}
