// Keyboard focus that is never lost or overwritten: whether the custodian is in a field (a late list must
// not rewrite it), and moving focus to a part of the screen that replaces the form they were in. DESIGN §2.

import { useEffect, useRef } from 'react';

/**
 * Whether the custodian is in the field with this id. A value that arrives later (a list that finished
 * loading) must not rewrite that field: the custodian's next keystrokes would land after it.
 */
export function isBeingEdited(id: string): boolean {
  return document.activeElement?.id === id;
}

/**
 * Keyboard focus for a part of the screen that replaces the form the custodian was in (a running session,
 * the enrollment codes): when `shown` turns true, the element gets focus so the keyboard is not lost.
 */
export function useFocusWhenShown<T extends HTMLElement>(shown: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  return ref;
}
