// The application API's public surface: the facade, its types, the ports and the error type. Front ends
// (cli/, main/, renderer/) import from here and nowhere deeper (DESIGN §2).

export * from './api.js';
export { BreakglassApp, createBreakglassApp } from './breakglass-app.js';
export { systemPorts, systemClock, systemRng, type AppPorts, type ClipboardPort, type Clock, type Rng } from './ports.js';
export { BreakglassError, isBreakglassError, ERROR_CODES, type ErrorCode, type ErrorAction } from '../errors.js';
export { groupHex } from './inspection.js';
export { parseCustodiansFile } from '../custody/custodians.js';
export { DEFAULT_MAX_SHARE_COUNT, MAX_SHARE_COUNT } from '../custody/shamir.js';
export { shareTextWords } from '../custody/share-codec.js';
export * from './bridge.js';
export { displaySafe, jsonDisplaySafe } from '../stores/invisible-text.js';
export { parseBagFile } from '../drill/bag-record.js';
export { inventoryReportCsv } from '../inventory/report-csv.js';
export { needsAction, custodyClassLabel } from '../inventory/findings.js';
export { PASSWORD_STYLES, passwordStyleEntropy, groupPassword, passwordLegend, type PasswordStyle } from '../stores/password-styles.js';
export { SESSION_LENGTH_MINUTES } from '../totp/session.js';
