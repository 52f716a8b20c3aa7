// ola vm build: assembles the vm stage's guest (kernel, modules, busybox, node, the isolate
// host) from this machine's packages, cached by content hash; prints where it is.
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';

export function vmCommand(program: Command): void {
  const vm = program.command('vm').description("the vm stage's guest");
  vm.command('build')
    .description('build the guest image (nothing is downloaded; rebuilt only when an input changes)')
    .option('--json', 'print the result as json')
    .action(async (opts: { json?: boolean }) => {
      const { guestImage } = await import('../../sandbox/vm/guest-image.ts');
      const { fromEnv, loadConfig } = await import('../../core/config.ts');
      try {
        const img = await guestImage(loadConfig(fromEnv(process.env)).vm.cacheDir);
        if (opts.json) console.log(JSON.stringify(img));
        else console.log(`${img.built ? 'built' : 'cached'} ${img.initrd} (kernel ${img.kernel}, ${Math.round(img.ms)} ms)\nboot it by hand: vm/qemu.sh ${img.initrd}`);
        process.exit(EXIT.ok);
      } catch (err) {
        console.error(`ola vm build: ${(err as Error).message}`);
        process.exit(EXIT.error);
      }
    });
}
