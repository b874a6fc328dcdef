// What the preload puts on window (src/preload/index.ts). The renderer only checks that it
// exists to pick the IPC link; trpc-electron's ipcLink does the rest.
export {};

declare global {
  interface Window {
    electronTRPC?: {
      sendMessage(message: unknown): void;
      onMessage(callback: (message: unknown) => void): void;
    };
  }
}
