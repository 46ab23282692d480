import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Events are named (`auth.login.succeeded`) and carry ids; the redact
 * list is a second line of defence should a token, password or hash ever reach a log call.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "password",
          "*.password",
          "*.currentPassword",
          "*.newPassword",
          "*.passwordHash",
          "*.accessToken",
          "*.refreshToken",
          "*.token",
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "variables",
          "*.variables",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type { Logger };
