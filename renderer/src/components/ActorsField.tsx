// "Custodians present": the names recorded as actors in every audit entry this session writes. Shown in
// the header of every screen so nobody forgets to say who is at the workstation. docs/FORMAT.md §10.2.

import { useAppState } from '../state.js';
import { useNamesText } from './useNamesText.js';

export function ActorsField({ id = 'actors-input' }: { readonly id?: string }) {
  const { actors, setActors } = useAppState();
  // In step when another screen sets the names (e.g. after a share unlock).
  const { text, onText } = useNamesText(actors, setActors);

  return (
    <div className="actors-field">
      <label htmlFor={id}>Custodians present</label>
      <input
        id={id}
        data-testid={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. Alice Ng, Bob Ortiz"
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onText(event.target.value)}
      />
      <span id={`${id}-hint`} className="sr-only">
        Comma-separated names; they are recorded in the audit log with every action.
      </span>
    </div>
  );
}
