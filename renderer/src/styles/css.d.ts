// Stylesheets are imported for their side effect: Vite bundles them into one CSS file under the CSP.
// DESIGN §2 (renderer: styles per area).
declare module '*.css';
