// The envelope bag numbers of a store's shares: one input per share beside its holder, a number typed for two
// shares flagged as typed. On the Print screen (printed on the sheets) and Custodians & shares. FORMAT.md §16.6.

import { useEffect, useState } from 'react';
import type { CustodyReport, StoreKind } from '../../../src/app/api.js';
import { call } from '../api.js';
import { StoreBadge } from './StoreBadge.js';

/** The bag numbers typed, by share index (empty: none for that share). */
export type ShareBags = Readonly<Record<number, string>>;

/** What goes to the app: the shares with a bag number typed, in share order. */
export function bagsInput(bags: ShareBags): { bags?: { index: number; bag: string }[] } {
  const list = Object.entries(bags)
    .map(([index, bag]) => ({ index: Number(index), bag: bag.trim() }))
    .filter((b) => b.bag !== '')
    .sort((a, b) => a.index - b.index);
  return list.length > 0 ? { bags: list } : {};
}

export function ShareBagsPanel({
  store,
  bags,
  onBags,
  legend = 'Envelope bag numbers (optional)',
  hint = 'The number of the tamper-evident bag each sheet goes into: it is printed on the sheet, and recorded once the sheets are printed or saved, so the drill can check the bag. Leave a share empty to write its number by hand.',
  testId = 'print-bags',
  inputTestId = 'print-bag',
}: {
  readonly store: StoreKind;
  readonly bags: ShareBags;
  readonly onBags: (next: ShareBags) => void;
  readonly legend?: string;
  readonly hint?: string;
  readonly testId?: string;
  /** Each share's input is `${inputTestId}-${index}`. */
  readonly inputTestId?: string;
}) {
  const [custody, setCustody] = useState<CustodyReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setCustody(null);
    setProblem(null);
    call('listCustodians', { store }).then(
      (report) => live && setCustody(report),
      (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [store]);
  const count = custody?.shares?.count ?? 0;
  const holder = (index: number) => custody?.custodians.find((c) => c.shareIndex === index)?.name ?? '';
  // The same number typed for two shares: said as it is typed (the app refuses it too).
  const upper = Object.entries(bags).map(([i, b]) => [Number(i), b.trim().toUpperCase()] as const).filter(([, b]) => b !== '');
  const twice = new Set(upper.filter(([i, b]) => upper.some(([j, c]) => j !== i && c === b)).map(([i]) => i));
  return (
    <fieldset className="fieldset-compact" data-testid={testId}>
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      {problem && (
        <p className="note note-error" role="alert" data-testid={`${testId}-problem`}>
          The custodians of this store cannot be read ({problem}), so bag numbers cannot be given here.
        </p>
      )}
      {count > 0 && (
        <table className="data-table print-bags">
          <thead>
            <tr>
              <th scope="col">Share</th>
              <th scope="col">Holder</th>
              <th scope="col">Bag number</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: count }, (_, i) => i + 1).map((index) => (
              <tr key={index}>
                <td>
                  <StoreBadge store={store} /> Share {index}
                </td>
                <td>{holder(index) || '—'}</td>
                <td>
                  <input
                    aria-label={`Bag number, share ${index}`}
                    aria-invalid={twice.has(index) || undefined}
                    value={bags[index] ?? ''}
                    maxLength={64}
                    spellCheck={false}
                    placeholder="e.g. TB-004512"
                    onChange={(e) => onBags({ ...bags, [index]: e.target.value })}
                    data-testid={`${inputTestId}-${index}`}
                  />
                  {twice.has(index) && (
                    <span className="field-message" data-testid={`${inputTestId}-${index}-twice`}>
                      Also given for another share: each share goes into its own bag.
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
