// The Settings screen's words for a lock trigger that is off: the raw D-Bus or tool message (dbus-monitor's or
// systemd-inhibit's first stderr line, or the host's own reason) mapped to what it means for the custodian
// ("no system bus: suspend cannot be detected on this machine"). The raw text stays available on demand.
// DESIGN §3.4.

export interface TriggerWords {
  /** Plain words: the cause, then what this machine cannot do because of it. */
  readonly words: string;
  /** The message as the host reported it, where the words replace it. */
  readonly raw?: string;
}

/** What cannot happen on this machine when this trigger is off. */
function consequence(trigger: string): string {
  if (/^sleep waits/i.test(trigger)) return 'the machine may go to sleep before the stores are locked';
  if (/^suspend/i.test(trigger)) return 'suspend cannot be detected on this machine';
  if (/screen saver/i.test(trigger)) return "the desktop's screen saver cannot be detected on this machine";
  if (/screen lock/i.test(trigger)) return 'a screen lock cannot be detected on this machine';
  return `"${trigger}" cannot be detected on this machine`;
}

/** The known causes, most specific first (a refused socket names the socket too). */
const CAUSES: readonly { readonly test: RegExp; readonly cause: string | ((match: RegExpExecArray) => string) }[] = [
  { test: /still connecting to D-Bus/i, cause: 'still connecting to D-Bus (this settles within seconds)' },
  { test: /(permission denied|AccessDenied|not allowed|EACCES)/i, cause: 'D-Bus refused this program access (permission denied)' },
  { test: /(timed out|timeout|NoReply|did not receive a reply)/i, cause: 'D-Bus did not answer in time' },
  {
    test: /(ServiceUnknown|not provided by any \.service|login1[^\n]*not found|NameHasNoOwner|not been booted with systemd|logind[^\n]*not running)/i,
    cause: "no login manager (systemd-logind) on this machine's system bus",
  },
  { test: /(no desktop session bus|connection to session bus)/i, cause: 'no desktop session bus (the app runs outside a desktop session)' },
  { test: /(system_bus_socket|connection to system bus)/i, cause: 'no system bus' },
  { test: /(\S+) is not installed \(Debian package ([\w.+-]+)\)/, cause: (m) => `the tool ${m[1]} is missing (install the Debian package ${m[2]})` },
  { test: /on Linux only/i, cause: 'this host watches suspend and screen lock only on Linux' },
];

/** Plain words for why `trigger` is off; `raw` is set whenever the words are not the host's own text. */
export function lockTriggerWords(trigger: string, reason: string | undefined): TriggerWords {
  const raw = reason?.trim() ?? '';
  if (!raw) return { words: `the host gave no reason: ${consequence(trigger)}` };
  const known = CAUSES.map((c) => ({ c, match: c.test.exec(raw) })).find((x) => x.match);
  const restarting = /(restarting|retrying)\s*$/i.test(raw) ? '; the watcher is being restarted' : '';
  if (!known?.match) return { words: `an unrecognised D-Bus problem: ${consequence(trigger)}${restarting}`, raw };
  const cause = typeof known.c.cause === 'string' ? known.c.cause : known.c.cause(known.match);
  return { words: `${cause}: ${consequence(trigger)}${restarting}`, raw };
}
