import { Command } from 'commander';
import { ClinlinkError } from '../errors.js';
import { registerAnnotateCommand } from './annotate-command.js';
import { registerCodeCommand } from './code-command.js';
import { registerEvalCommands } from './eval-commands.js';
import { registerLinkCommand } from './link-command.js';
import { registerPackCommands } from './pack-commands.js';
import { registerSimilarCommands } from './similar-command.js';

const program = new Command();
program.name('clinlink').description('clinical entity linking: notes → concepts and codes, offline').version('0.1.0');
registerPackCommands(program);
registerAnnotateCommand(program);
registerCodeCommand(program);
registerEvalCommands(program);
registerLinkCommand(program);
registerSimilarCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Typed errors carry file/line/field and never note text: show them plainly; anything else is a bug, show the stack.
  if (err instanceof ClinlinkError) console.error(`clinlink: ${err.code}: ${err.message}`);
  else console.error(err);
  process.exitCode = 1;
});
