// The drill's running record: each step is opened, gets its lines and exceptions, and is closed with its
// time (from the Clock) and the people who did it. FORMAT.md §16.2.

import type { Clock } from '../shared/determinism.js';
import type { StoreKind } from '../shared/store-kind.js';
import { formatTimestamp } from '../shared/timestamps.js';
import type { DrillException, DrillStep, StepResult } from './drill-result.js';

export class StepLog {
  readonly steps: DrillStep[] = [];
  readonly exceptions: DrillException[] = [];

  constructor(private readonly clock: Clock) {}

  now(): string {
    return formatTimestamp(this.clock.now());
  }

  /** Runs one step: `body` adds lines and exceptions; the step is passed when it raised none. */
  async step(
    title: string,
    store: StoreKind | null,
    /** Who did it; a function when the step itself learns it (the holders of the shares entered). */
    by: readonly string[] | (() => readonly string[]),
    body: (step: { line(text: string): void; exception(kind: string, message: string): void; manual(): void }) => Promise<void> | void,
  ): Promise<DrillStep> {
    const number = this.steps.length + 1;
    const lines: string[] = [];
    let raised = 0;
    let manual = false;
    await body({
      line: (text) => lines.push(text),
      exception: (kind, message) => {
        raised += 1;
        lines.push(`EXCEPTION: ${message}`);
        this.exceptions.push({ step: number, store, kind, message });
      },
      manual: () => {
        manual = true;
      },
    });
    const result: StepResult = raised > 0 ? 'exceptions' : manual ? 'manual' : 'passed';
    const step: DrillStep = { number, title, store, at: this.now(), by: [...(typeof by === 'function' ? by() : by)], result, lines };
    this.steps.push(step);
    return step;
  }
}
