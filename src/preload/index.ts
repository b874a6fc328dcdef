// The renderer's only bridge to the main process: tRPC messages over one IPC channel.
// Nothing else is exposed; everything the UI may do is a procedure of the local router.
import { exposeElectronTRPC } from 'trpc-electron/main';

process.once('loaded', () => {
  exposeElectronTRPC();
});
