import type { BrowserWindow } from 'electron';
import { createIPCHandler } from 'trpc-electron/main';
import type { ClientCore } from '../core';
import { isAppUrl } from './app-origin';

// Serves the local router to the window over IPC. A message from any frame that is not the
// app's own top-level page (an iframe, a page navigated elsewhere) gets a context that every
// procedure refuses: createContext must not throw, trpc-electron would leave it unhandled.
export function serveLocalRouter(core: ClientCore, win: BrowserWindow, devUrl: string | null): void {
  createIPCHandler({
    router: core.router,
    windows: [win],
    createContext: async ({ event }) => {
      const frame = event.senderFrame;
      const trusted = frame !== null && frame.parent === null && event.sender === win.webContents && isAppUrl(frame.url, devUrl);
      return trusted ? core.createContext() : { ...core.createContext(), denied: true };
    },
  });
}
