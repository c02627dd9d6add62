// The TOTP login session's length as the custodian chooses it: whole minutes, the same range as the CLI's
// --duration and the README (src/totp/session.ts SESSION_LENGTH_MINUTES; the renderer takes only types from src).

export const SESSION_MINUTES = { least: 1, standard: 5, most: 15 } as const;
