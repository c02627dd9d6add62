// Vite bundles the stylesheet these screens import for its side effect; TypeScript only needs to know it exists.
declare module '*.css';
