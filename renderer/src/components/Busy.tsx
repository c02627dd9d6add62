// A busy line for slow steps (key derivation, export and read-back, rendering a PDF): an indeterminate
// progress bar and what is being done, announced politely to screen readers. DESIGN §2.

export function Busy({ label }: { readonly label: string }) {
  return (
    <div className="busy" role="status" aria-live="polite" data-testid="busy">
      <progress aria-label={label} />
      <span>{label}</span>
    </div>
  );
}
