// The one app window: sandboxed, context-isolated, no Node, spellchecker off, content protection on,
// devtools only while developing, loaded from app://. DESIGN §3 invariant 7.

import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { APP_ENTRY_URL, hardenWebContents } from './hardening.js';

export interface MainWindowOptions {
  /** Absolute path of the compiled preload (dist/main/electron/preload.cjs). */
  readonly preload: string;
  /** The window's session, already hardened and serving app://. */
  readonly session: Session;
  readonly devTools: boolean;
}

/** Devtools exist only in an unpackaged build started with BREAKGLASS_DEV=1. */
export function devToolsAllowed(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged && env.BREAKGLASS_DEV === '1';
}

/**
 * Creates, hardens and loads the window; it is shown once its first frame is ready. The options are one
 * literal so that @doyensec/electronegativity can read every webPreferences flag (test/unit/main).
 */
export function createMainWindow(BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow, options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Breakglass Vault',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preload,
      session: options.session,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) could open a link outside the window-open handler's reach.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  // Screenshots and screen sharing see a blank window: passwords and TOTP codes are on screen.
  win.setContentProtection(true);
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
