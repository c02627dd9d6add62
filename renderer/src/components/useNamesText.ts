// A names text box kept in step with a list of names held elsewhere (the header's "Custodians present",
// a store's "Present for …"): typing sets the list; a change made elsewhere (a share unlock prefills the
// names, a lock clears them) replaces the text unless it already says the same names. FORMAT.md §10.2.

import { useEffect, useState } from 'react';
import { parseNames } from './names.js';

export function useNamesText(names: readonly string[], onNames: (names: string[]) => void): { readonly text: string; onText(text: string): void } {
  const [text, setText] = useState(names.join(', '));
  useEffect(() => {
    setText((current) => (parseNames(current).join(', ') === names.join(', ') ? current : names.join(', ')));
  }, [names]);
  return {
    text,
    onText(value: string) {
      setText(value);
      onNames(parseNames(value));
    },
  };
}
