// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { NONCE_LENGTH } from '../../src/crypto/aead.js';
import { parseContainer, wrapDataKey, type PassphraseSlot } from '../../src/crypto/container.js';
import { STRONG_PARAMS } from '../../src/crypto/kdf.js';
import { sealSecret } from '../../src/crypto/secret-box.js';
import { generateRootPassword } from '../../src/stores/password-policy.js';
import { decryptVault, sealStore, type GenerationFrame } from '../../src/stores/store-codec.js';
import { EMPTY_CUSTODY } from '../../src/stores/custody-record.js';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { checkAccountInput, openVaultPassword, VAULT_SCHEMA, type VaultAccount, type VaultDocument } from '../../src/stores/vault.js';
import { type BenchSection, QUICK, absoluteRow, benchRng, formatMs, formatSamples, infoRow, median, timeSync } from './bench-common.js';

// ---------------------------------------------------------------------------------------------------
// Section 2: opening a large password vault once the data key is known (no KDF)

export const VAULT_ACCOUNTS = 5_000;
export const VAULT_OPEN_RUNS = QUICK ? 3 : 20;
export const VAULT_OPEN_MAX_MS = 50;
export const REVEAL_RUNS = QUICK ? 5 : 50;

export interface BuiltVault {
  readonly bytes: Uint8Array;
  readonly dataKey: Uint8Array;
  readonly setId: Uint8Array;
  readonly passwords: ReadonlyMap<string, string>;
}

/**
 * A sealed vault of `count` accounts built from the real validation and sealing code. The document is
 * assembled directly (ids generated in ascending order) rather than by `count` calls of addVaultAccount,
 * which copies and re-sorts the list on every add. The slot wraps the data key under a random stand-in
 * KEK with the strong parameters, so no KDF runs.
 */
export function buildLargeVault(count: number, notesLength = 0): BuiltVault {
  const setId = benchRng.bytes(16);
  const dataKey = benchRng.bytes(32);
  const nowMs = Date.now();
  const now = formatTimestamp(nowMs);
  const passwords = new Map<string, string>();
  const accounts: VaultAccount[] = [];
  for (let i = 0; i < count; i++) {
    const accountId = String(10_000_000 + i * 150_000_007).padStart(12, '0');
    const n = String(i + 1).padStart(4, '0');
    const password = generateRootPassword(benchRng);
    const fields = checkAccountInput(
      {
        accountId,
        name: `Workload ${n} — team ${i % 40}`,
        accountClass: i === 0 ? 'management' : 'excluded',
        email: `aws-root+acct${n}@example.com`,
        notes:
          notesLength > 0
            ? `Runbook ${n}: `.padEnd(notesLength, 'lorem ipsum dolor sit amet ')
            : i % 3 === 0
              ? `Root MFA: virtual device root-mfa-${n}.\nOwner: platform team ${i % 40}.`
              : '',
      },
      password,
    );
    const secret = new TextEncoder().encode(password);
    const box = sealSecret(dataKey, secret, { kind: 'password-vault', setId, entryId: accountId }, benchRng);
    secret.fill(0);
    accounts.push({ ...fields, password: box, createdAt: now, updatedAt: now });
    passwords.set(accountId, password);
  }
  const vault: VaultDocument = { schema: VAULT_SCHEMA, accounts };
  const nonce = benchRng.bytes(NONCE_LENGTH);
  const slot: PassphraseSlot = {
    type: 'passphrase',
    kdf: STRONG_PARAMS,
    salt: benchRng.bytes(32),
    nonce,
    wrappedKey: wrapDataKey(benchRng.bytes(32), dataKey, nonce, 'password-vault', setId, 'passphrase'),
  };
  const frame: GenerationFrame = { kind: 'password-vault', setId, generation: 1, slots: [slot], revokedShareSets: [] };
  const bytes = sealStore(frame, { kind: 'password-vault', vault, custody: EMPTY_CUSTODY }, dataKey, nowMs, benchRng);
  return { bytes, dataKey, setId, passwords };
}

export const vaultSection: BenchSection = {
  key: 'vault-open',
  title: `Opening a ${VAULT_ACCOUNTS.toLocaleString('en-US')}-account password vault after the KDF (FORMAT.md §2.4)`,
  async run() {
    process.stderr.write(`bench: building a ${VAULT_ACCOUNTS}-account vault…\n`);
    const built = timeSync(() => buildLargeVault(VAULT_ACCOUNTS));
    const { bytes, dataKey, setId, passwords } = built.value;
    const open = (): VaultDocument => decryptVault(parseContainer(bytes, 'password-vault'), dataKey);

    const cold = timeSync(open);
    if (cold.value.accounts.length !== VAULT_ACCOUNTS) throw new Error(`the vault opened with ${cold.value.accounts.length} accounts`);
    const samples: number[] = [];
    let doc = cold.value;
    for (let i = 0; i < VAULT_OPEN_RUNS; i++) {
      const run = timeSync(open);
      samples.push(run.ms);
      doc = run.value;
    }

    const target = doc.accounts[Math.floor(VAULT_ACCOUNTS / 2)] as VaultAccount;
    const revealSamples: number[] = [];
    for (let i = 0; i < REVEAL_RUNS; i++) {
      const { ms, value: secret } = timeSync(() => openVaultPassword(doc, target.accountId, { dataKey, setId }));
      revealSamples.push(ms);
      const ok = new TextDecoder().decode(secret) === passwords.get(target.accountId);
      secret.fill(0);
      if (!ok) throw new Error(`openVaultPassword returned the wrong password for ${target.accountId}`);
    }

    const size = `${bytes.length.toLocaleString('en-US')} bytes (${(bytes.length / 1024 ** 2).toFixed(2)} MiB)`;
    return {
      rows: [
        absoluteRow(`parse + decrypt vault, first call (cold)`, cold.ms, VAULT_OPEN_MAX_MS),
        absoluteRow(`parse + decrypt vault, median of ${VAULT_OPEN_RUNS}`, median(samples), VAULT_OPEN_MAX_MS),
        infoRow(`reveal one password (account #${Math.floor(VAULT_ACCOUNTS / 2) + 1}), median of ${REVEAL_RUNS}`, median(revealSamples)),
      ],
      notes: [
        `vault file: ${VAULT_ACCOUNTS.toLocaleString('en-US')} accounts, ${size}; built and sealed in ${formatMs(built.ms)} ms (not timed above). ` +
          'Timed: parseContainer(bytes, "password-vault") + decryptVault(parsed, dataKey).',
        `parse + decrypt samples (ms): ${formatSamples(samples)}.`,
      ],
    };
  },
};

