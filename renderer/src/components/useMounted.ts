// Whether the screen is still shown: an async step that ends after the custodian went elsewhere must not
// pull them back (e.g. "open" finishing after they already chose another screen). DESIGN §2.

import { useEffect, useRef, type RefObject } from 'react';

export function useMounted(): RefObject<boolean> {
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
