// A client core in its own process, for tests/core/push-crash.test.ts to kill mid-push: it
// restores the session stored in the data directory, which opens the cache and starts pushing
// its outbox at once.
import { coreIn } from '../core-support';

const dir = process.argv[2];
if (!dir) throw new Error('usage: push-crash-child <dataDir>');
const core = await coreIn(dir);
process.stdout.write(core.session.isSignedIn() ? 'signed-in\n' : 'signed-out\n');
// Stays up until killed.
setInterval(() => {}, 60_000);
