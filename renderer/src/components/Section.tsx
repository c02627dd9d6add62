// A card with a heading: the unit every screen is built from. DESIGN §2.

import type { ReactNode } from 'react';

export function Section({ title, children, testId }: { readonly title: string; readonly children: ReactNode; readonly testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
