import { parseCommand } from '../../src/slack/parseCommand';
import { SUBCOMMAND_HANDLERS } from '../../src/slack/subcommands';
import { buildHelpAnswer, buildUsageAnswer } from '../../src/views/blocks';
import { SLASH_SUBCOMMANDS, subcommandUsage } from '../../src/views/slashCommands';

const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`);
const runnable = SLASH_SUBCOMMANDS.filter((spec) => spec.name !== 'help');

describe('the /fivetran subcommand table', () => {
  it('is what parsing reads: each name and alias, in any case, with as many arguments as the table says', () => {
    for (const spec of runnable) {
      for (const word of [spec.name, ...spec.aliases, spec.name.toUpperCase()]) {
        for (let count = spec.minArgs; count <= spec.maxArgs; count += 1) {
          expect(parseCommand([word, ...words(count)].join(' '))).toEqual({ kind: 'run', subcommand: spec.name, args: words(count) });
        }
        expect(parseCommand([word, ...words(spec.maxArgs + 1)].join(' '))).toEqual({ kind: 'usage', subcommand: spec.name, missing: false, extra: [`w${spec.maxArgs}`], maxArgs: spec.maxArgs });
        if (spec.minArgs > 0) expect(parseCommand(word)).toEqual({ kind: 'usage', subcommand: spec.name, missing: true, extra: [], maxArgs: spec.maxArgs });
      }
      expect(parseCommand(`help ${spec.name}`)).toEqual({ kind: 'help', topic: spec.name, suggestions: [] });
    }
    const names = SLASH_SUBCOMMANDS.flatMap((spec) => [spec.name, ...spec.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every subcommand but help exactly one handler, and help no other', () => {
    expect(Object.keys(SUBCOMMAND_HANDLERS).sort()).toEqual(runnable.map((spec) => spec.name).sort());
  });

  it('is what help and usage answers say: each usage and summary, and the question for a missing argument', () => {
    const help = JSON.stringify(buildHelpAnswer());
    const escaped = (text: string) => text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const spec of SLASH_SUBCOMMANDS) {
      expect(help).toContain(`/fivetran ${escaped(subcommandUsage(spec))}`);
      expect(help).toContain(escaped(spec.summary).replace(/"/g, '\\"'));
      const topic = buildHelpAnswer({ topic: spec.name });
      expect(topic.text).toBe(`/fivetran ${subcommandUsage(spec)}: ${spec.summary}`.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    for (const spec of runnable.filter((entry) => entry.minArgs > 0)) {
      expect(buildUsageAnswer({ name: spec.name, missing: true }).text).toBe(escaped(`/fivetran ${subcommandUsage(spec)}: ${'question' in spec ? spec.question : ''}`));
    }
    for (const spec of runnable) {
      expect(buildUsageAnswer({ name: spec.name, extra: ['x', 'y'] }).text).toBe(
        escaped(`/fivetran ${subcommandUsage(spec)} ${spec.maxArgs === 0 ? 'takes no arguments' : 'takes one argument'}: "x y" is extra.`),
      );
    }
  });
});
