import { createInterface } from "node:readline";

/**
 * The password, from standard input: a hidden prompt (asked twice) on a terminal, else the
 * first line of what is piped in. Only the line ending is removed: never trimmed.
 */
export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await prompt("Password: ");
    const again = await prompt("Repeat password: ");
    if (first !== again) throw new Error("the passwords do not match");
    return first;
  }
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n") || text.length > 4096) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let hiding = false;
    // Echo nothing while the password is typed.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!hiding) write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    hiding = true;
  });
}
