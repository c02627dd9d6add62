// The break-glass runs module's public surface: runs, the task list and its AssumeRoot task policies, runbooks,
// temporary root records and reminders. FORMAT.md §15.

export * from './tasks.js';
export * from './runs-record.js';
export * from './run-rules.js';
export * from './temp-root.js';
export * from './reminders.js';
export * from './seed-exposure.js';
export * from './runbook.js';
export { renderRunbook } from './runbook-pdf.js';
export * from './runs-file.js';
