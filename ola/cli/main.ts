// the ola command line.
import { Command, CommanderError } from 'commander';
import { OlaError } from '../core/errors.ts';
import { benchCommand } from './commands/bench.ts';
import { decayCommands } from './commands/decay.ts';
import { decideCommands } from './commands/decide.ts';
import { eventsCommand } from './commands/events.ts';
import { operateCommands } from './commands/operate.ts';
import { evolveCommand } from './commands/evolve.ts';
import { nichesCommand } from './commands/niches.ts';
import { proposeCommand } from './commands/propose.ts';
import { registryCommand } from './commands/registry.ts';
import { serveCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';
import { vmCommand } from './commands/vm.ts';
import { workerCommand } from './commands/worker.ts';
import { EXIT } from './exit-codes.ts';

const program = new Command('ola').description('organic-os: the autogenic capability evolution lab').exitOverride();
serveCommand(program);
proposeCommand(program);
statusCommand(program);
decideCommands(program);
operateCommands(program);
decayCommands(program);
eventsCommand(program);
vmCommand(program);
registryCommand(program);
nichesCommand(program);
benchCommand(program);
evolveCommand(program);
workerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
  if (err instanceof OlaError) {
    console.error(`${err.code}: ${err.message}`);
    process.exit(err.code === 'OLA_ERR_BAD_URL' ? EXIT.usage : EXIT.error);
  }
  console.error(err);
  process.exit(EXIT.error);
}
