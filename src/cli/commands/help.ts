import { fitLines } from '../../views/text/format';
import type { StandaloneCommand } from '../command';
import { terminalWidth } from '../io';

/** `help`: the usage of every command; the text is made from the command table, which holds this entry. */
export function helpCommand(usage: () => string): StandaloneCommand {
  return {
    kind: 'standalone',
    name: 'help',
    aliases: ['--help', '-h'],
    usage: '',
    summary: 'this text',
    async run(_argv, io) {
      io.stdout.write(`${fitLines(usage(), terminalWidth(io))}\n`);
      return 0;
    },
  };
}
