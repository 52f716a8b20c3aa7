// the senses child process: forked by SenseFeeds, lives exactly as long as its parent.
import { SenseLoop } from './sense-loop.ts';
import { errorReason } from './sense.ts';
import { parseSidecarOptions } from './sidecar-options.ts';

const opts = parseSidecarOptions(process.argv[2]);
const loop = new SenseLoop(opts);

let quitting = false;
function quit(): void {
  if (quitting) return;
  quitting = true;
  // finish the write in flight so no temp file is left behind, but never hang on it
  setTimeout(() => process.exit(0), 1500).unref();
  void loop.stop().finally(() => process.exit(0));
}

// an orphaned sidecar would sample forever; the ipc channel closing means the lab is gone
process.on('disconnect', quit);
process.on('SIGTERM', quit);
process.on('SIGINT', quit);
process.on('unhandledRejection', (err) => process.stderr.write(`senses: unhandled: ${errorReason(err)}\n`));

await loop.start();
// a parent that vanished while we were starting sends no disconnect event
if (process.send && !process.connected) quit();
