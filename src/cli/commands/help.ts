import type { StandaloneCommand } from '../command';

/** `help`: the usage of every command; the text is made from the command table, which holds this entry. */
export function helpCommand(usage: () => string): StandaloneCommand {
  return {
    kind: 'standalone',
    name: 'help',
    aliases: ['--help', '-h'],
    usage: '',
    summary: 'this text',
    async run(_argv, io) {
      io.stdout.write(`${usage()}\n`);
      return 0;
    },
  };
}
