import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A message as the test SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The authenticated user, when the client signed in. */
  user: string | undefined;
  raw: string;
  /** Header names lower-cased; folded lines joined. */
  headers: Map<string, string>;
  body: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>, with `user:pass@` when asked for. */
  url: string;
  received: ReceivedMail[];
  /** While down, every connection is answered with a refusal (the client's attempt fails). */
  down: boolean;
  /** Awaited before a message is accepted: a test acts while a send is in flight (a slow server). */
  beforeAccept: ((mail: ReceivedMail) => Promise<void>) | null;
  /** Resolves with the next message received. */
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Splits an RFC 5322 message into its headers and body. */
export function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

/** An SMTP server in the test process on a free port of 127.0.0.1: no TLS, sign-in optional. */
export async function startSmtpServer({ credentials }: { credentials?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const state: TestSmtpServer = {
    url: "",
    received: [],
    down: false,
    beforeAccept: null,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, callback) {
      callback(state.down ? Object.assign(new Error("Service not available"), { responseCode: 421 }) : null);
    },
    // A mailbox that does not exist, answered as a real server does: 550 to RCPT TO.
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
      else callback();
    },
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw,
          ...parseMessage(raw),
        };
        await state.beforeAccept?.(mail);
        state.received.push(mail);
        for (const resolve of waiting.splice(0)) resolve(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : "";
  state.url = `smtp://${auth}127.0.0.1:${port}`;
  return state;
}

/** The decoded parts of a message, by content type (text/plain, text/html): a multipart/alternative, or a single part. */
export function partsOf(raw: string): Map<string, string> {
  const { headers, body } = parseMessage(raw);
  const parts = new Map<string, string>();
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get("content-type") ?? "")?.[1];
  const sections = boundary ? body.split(`--${boundary}`).slice(1, -1).map((s) => s.replace(/^\r\n/, "")) : [raw];
  for (const section of sections) {
    const part = parseMessage(section);
    const type = (part.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim();
    const encoding = part.headers.get("content-transfer-encoding")?.toLowerCase();
    const content = part.body.replace(/\r\n$/, "");
    parts.set(type, encoding === "quoted-printable" ? decodeQuotedPrintable(content) : encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content);
  }
  return parts;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
}
