// Entry of the React UI (served by the Electron app:// scheme or the Chromium host's reserved origin).
// DESIGN §5 (serve the built renderer without a socket).
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { AppStateProvider } from './state.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppStateProvider>
        <App />
      </AppStateProvider>
    </StrictMode>,
  );
}
