// How long the code on screen stays valid: a progress bar through the TOTP window, red when little is
// left, and the seconds in words. Used by the login session and by enrollment. docs/FORMAT.md §11.1.

export function CodeWindow({
  period,
  secondsLeft,
  low,
  label,
  progressTestId,
  secondsTestId,
  children,
}: {
  readonly period: number;
  readonly secondsLeft: number;
  /** Shown in red: too little time left to type the code. */
  readonly low: boolean;
  readonly label: string;
  readonly progressTestId?: string;
  readonly secondsTestId: string;
  readonly children: string;
}) {
  return (
    <div className="code-window">
      <progress className={low ? 'progress-low' : undefined} max={period} value={secondsLeft} aria-label={label} data-testid={progressTestId} />
      <span data-testid={secondsTestId}>{children}</span>
    </div>
  );
}
