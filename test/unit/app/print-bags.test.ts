// Bag numbers given with share sheets (PrintInput.bags): recorded in the envelope record only once the
// sheets reached a printer or files — a printer that refuses the job, a preview or a refused input records
// nothing — and never accepted for any other document. FORMAT.md §16.6.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/app/index.js';
import type { PrinterPort } from '../../../src/app/ports.js';
import { errorOf } from '../../support/errors.js';
import { makeVaultSet, type PrintFixture } from '../../support/print-fixture.js';

let fixture: PrintFixture;
let refuse = true;
const jobs: number[] = [];
const printer: PrinterPort = {
  list: async () => ['safe-room'],
  async print(pdf, queue) {
    if (refuse) throw new BreakglassError('IO', 'The printer queue "safe-room" is not accepting jobs: check the printer, or save the PDF to a file instead.');
    jobs.push(pdf.length);
    return { job: `safe-room-${jobs.length}`, queue };
  },
};

const record = (): Promise<string | null> => readFile(join(fixture.dir, 'drill-record.json'), 'utf8').catch(() => null);
const bagEntries = async () => (await fixture.app.listAuditLog()).entries.filter((e) => e.event === 'drill.bags');
const BAGS = [
  { index: 1, bag: 'te-0001' },
  { index: 2, bag: 'TE-0002' },
  { index: 3, bag: 'TE-0003' },
];

beforeAll(async () => {
  fixture = await makeVaultSet({ label: 'print-bags', devices: false, printer });
});

describe('printDocument with bag numbers', () => {
  it('records nothing when the printer refuses the job, when the sheets go nowhere (a preview), or for another document', async () => {
    const refused = await errorOf(fixture.app.printDocument({ document: 'shares', store: 'password-vault', printer: 'safe-room', bags: BAGS }));
    expect(refused.message).toMatch(/^The printer queue "safe-room" is not accepting jobs/);
    const preview = await fixture.app.printDocument({ document: 'shares', store: 'password-vault', bags: BAGS });
    expect(preview.bagsRecorded).toBeUndefined();
    const other = await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', printer: 'safe-room', bags: BAGS }));
    expect(other).toMatchObject({ code: 'VALIDATION', message: 'Bag numbers go on share sheets only: nothing was printed.' });
    expect(await record()).toBeNull();
    expect(await bagEntries()).toEqual([]);
    expect(jobs).toEqual([]);
  });

  it('records the bags of the sheets the printer took, with one drill.bags entry (reason "print") after the print entry', async () => {
    refuse = false;
    const printed = await fixture.app.printDocument({ document: 'shares', store: 'password-vault', printer: 'safe-room', bags: BAGS, actors: ['Alice Andersson'] });
    expect(printed).toMatchObject({ printer: 'safe-room', job: 'safe-room-1', bagsRecorded: [{ index: 1, bag: 'TE-0001' }, { index: 2, bag: 'TE-0002' }, { index: 3, bag: 'TE-0003' }] });
    const json = JSON.parse((await record())!) as { bags: { store: string; index: number; bag: string }[] };
    expect(json.bags.map((b) => [b.store, b.index, b.bag])).toEqual([
      ['password-vault', 1, 'TE-0001'],
      ['password-vault', 2, 'TE-0002'],
      ['password-vault', 3, 'TE-0003'],
    ]);
    const log = (await fixture.app.listAuditLog()).entries;
    expect(log.slice(-2).map((e) => e.event)).toEqual(['print', 'drill.bags']);
    expect(log.at(-1)?.details).toMatchObject({ changed: 3, reason: 'print' });
  });

  it('refuses a bag number used twice before the printer gets anything', async () => {
    const before = await record();
    const error = await errorOf(fixture.app.printDocument({ document: 'shares', store: 'mfa-seeds', printer: 'safe-room', bags: [{ index: 1, bag: 'TE-9' }, { index: 3, bag: 'te-9' }] }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'The bag number TE-9 was given for share 1 and share 3: each share goes into its own bag. Nothing was printed.' });
    expect(jobs).toHaveLength(1);
    expect(await record()).toBe(before);
  });
});
