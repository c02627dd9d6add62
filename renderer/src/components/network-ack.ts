// The air-gap banner's three states: offline (green), an interface up that nobody has acknowledged yet (red:
// act now), and interfaces up that the custodian has acknowledged this run (amber: still named, calm). An
// interface not among the acknowledged ones makes it red again. DESIGN §3.7.

export type AirGapState = 'offline' | 'online' | 'acknowledged';

/** The banner's state for the interfaces up now, given the names acknowledged in this app run. */
export function airGapState(upNames: readonly string[], acknowledged: ReadonlySet<string>): AirGapState {
  if (upNames.length === 0) return 'offline';
  return upNames.every((name) => acknowledged.has(name)) ? 'acknowledged' : 'online';
}

/**
 * What stays acknowledged after a new status: nothing once the workstation is offline again (a later
 * connection is new), else the same names.
 */
export function keptAcknowledgement(upNames: readonly string[], acknowledged: ReadonlySet<string>): ReadonlySet<string> {
  return upNames.length === 0 && acknowledged.size > 0 ? new Set() : acknowledged;
}
