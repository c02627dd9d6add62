// "Custodians present": the names recorded as actors in every audit entry this session writes. Shown in
// the header of every screen so nobody forgets to say who is at the workstation. docs/FORMAT.md §10.2.

import { useEffect, useState } from 'react';
import { useAppState } from '../state.js';
import { parseNames } from './names.js';

export function ActorsField({ id = 'actors-input' }: { readonly id?: string }) {
  const { actors, setActors } = useAppState();
  const [text, setText] = useState(actors.join(', '));

  // Keep the field in step when another screen sets the names (e.g. after a share unlock).
  useEffect(() => {
    setText((current) => (parseNames(current).join(', ') === actors.join(', ') ? current : actors.join(', ')));
  }, [actors]);

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
        onChange={(event) => {
          setText(event.target.value);
          setActors(parseNames(event.target.value));
        }}
      />
      <span id={`${id}-hint`} className="sr-only">
        Comma-separated names; they are recorded in the audit log with every action.
      </span>
    </div>
  );
}
