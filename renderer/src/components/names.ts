// People's names as typed into the UI: a comma-separated list split into names, and the `actors` field
// every changing call carries (the custodians present, recorded in the audit log). docs/FORMAT.md §10.2.

/** Names from a comma-separated field, trimmed and single-spaced, empty ones dropped. */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name.length > 0);
}

/** The `actors` field of a request: the names present, or nothing at all (the API refuses an empty entry). */
export function actorsInput(actors: readonly string[]): { readonly actors?: readonly string[] } {
  const names = actors.map((a) => a.trim()).filter((a) => a.length > 0);
  return names.length > 0 ? { actors: names } : {};
}
