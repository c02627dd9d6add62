// The workstation's status for the status bar and Settings: the air gap (live network interfaces), the host,
// the open vault set, what is unlocked and for how long, the login session, printers, lock triggers and
// whether a password can be copied here; and the folders the path chooser browses. DESIGN §3.7.

import { homedir } from 'node:os';
import { formatTimestamp } from '../../shared/timestamps.js';
import type { DirectoryListing, WorkstationStatus } from '../api.js';
import { NO_CLIPBOARD_MESSAGE } from '../clipboard-copy.js';
import { listFolder } from '../directory-listing.js';
import type { VaultSession } from '../session.js';

export class WorkstationCapability {
  constructor(private readonly session: VaultSession) {}

  async getWorkstationStatus(): Promise<WorkstationStatus> {
    const { ports } = this.session;
    const interfaces = Object.entries(ports.host?.networkInterfaces() ?? {})
      .map(([name, addresses]) => ({ name, addresses: (addresses ?? []).filter((a) => !a.internal).map((a) => a.address) }))
      .filter((i) => i.addresses.length > 0);
    const now = ports.clock.now();
    const login = this.session.totp.current;
    return {
      network: { airGapped: interfaces.length === 0, interfaces },
      host: ports.host?.name ?? 'unknown',
      dir: this.session.dir ?? null,
      unlocked: [...this.session.unlocked.values()].map((u) => ({ store: u.kind, since: formatTimestamp(u.unlockedAt), seconds: Math.floor((now - u.unlockedAt) / 1000) })),
      totpSession: login ? { accountId: login.device.accountId, device: login.device.name, expiresInSeconds: Math.max(0, Math.ceil((login.expiresAtMs - now) / 1000)) } : null,
      issuedSharesPending: this.session.issuedSharesPending(),
      issuedSharesHeld: [...this.session.issuedShares.keys()],
      printers: ports.printer ? [...(await ports.printer.list())] : [],
      kdfProfiles: [...this.session.kdfProfiles()],
      lockTriggers: [...(ports.host?.lockTriggers?.() ?? [])],
      clipboard: ports.clipboard ? { available: true } : { available: false, reason: NO_CLIPBOARD_MESSAGE },
    };
  }

  /** A folder of this workstation for the path chooser (names, kinds, sizes; never a file's contents). */
  listDirectory(input: { readonly path?: string; readonly start?: string }): Promise<DirectoryListing> {
    return listFolder(input, this.session.ports.homeDirectory ?? homedir());
  }
}
