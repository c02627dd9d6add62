// "Present for the MFA seed store" (or password vault): who is at the workstation for this store's step
// (Unlock, TOTP login, Print). Prefilled with the holders of the shares that opened the store, editable,
// recorded as the actors of the step's audit entries instead of the header's names. docs/FORMAT.md §10.2.

import type { StoreKind } from '../../../src/app/api.js';
import { stepActors, useAppState } from '../state.js';
import { STORE_IN_SENTENCE } from './stores.js';
import { useNamesText } from './useNamesText.js';

/** `holders`: the custodians of the shares entered so far on this step (recorded with the typed names). */
export function PresentField({ store, holders = [] }: { readonly store: StoreKind; readonly holders?: readonly string[] }) {
  const { present, setPresent, actors } = useAppState();
  const { text, onText } = useNamesText(present[store], (names) => setPresent(store, names));
  const id = `present-${store}`;

  const recorded = stepActors({ present, actors }, store, holders);
  return (
    <div className="field present-field" data-testid={`present-field-${store}`}>
      <label htmlFor={id}>Present for the {STORE_IN_SENTENCE[store]}</label>
      <input
        id={id}
        data-testid={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={actors.length > 0 ? actors.join(', ') : 'Names, separated by commas'}
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onText(event.target.value)}
      />
      <p id={`${id}-hint`} className="muted small" data-testid={`${id}-recorded`}>
        {recorded.length > 0
          ? `Recorded in the audit log for this step: ${recorded.join(', ')}.`
          : 'Name who is here: nobody is named yet. The holders of the shares used are added when the store opens.'}
      </p>
    </div>
  );
}
