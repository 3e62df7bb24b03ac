import { COMMANDS } from '../../src/cli/commands';
import { captureIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';

// No warehouse is configured that could be read: everything here is answered from the table alone.
const NO_WAREHOUSE = { WAREHOUSE: 'snowflake', LOG_LEVEL: 'silent' };

async function cli(...args: string[]) {
  const io = captureIo(NO_WAREHOUSE);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('the CLI command table', () => {
  it('is what help lists: every command, with its usage and summary, in its order', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    const listed = (help.out.split('\nCommands\n')[1] ?? '').split('\n\n')[0]?.split('\n') ?? [];
    expect(listed.map((line) => line.trim().split(/\s{2,}/))).toEqual(COMMANDS.map((command) => [`${command.name} ${command.usage}`.trimEnd(), command.summary]));
    expect(new Set(COMMANDS.map((command) => command.name)).size).toBe(COMMANDS.length);
  });

  it('runs a command by its aliases as by its name', async () => {
    const help = await cli('help');
    for (const command of COMMANDS) {
      for (const alias of command.aliases ?? []) expect(await cli(alias)).toEqual(help);
    }
  });

  it("checks each command's arguments against the table before reading anything, and answers with its usage", async () => {
    const checked = COMMANDS.flatMap((command) => (command.kind === 'warehouse' ? [command] : []));
    expect(checked.length).toBeGreaterThan(10);
    for (const command of checked) {
      const extra = Array.from({ length: command.maxArgs + 1 }, (_, index) => `x${index}`);
      const run = await cli(command.name, ...extra);
      const takes = command.maxArgs === 0 ? 'takes no arguments' : 'takes one argument';
      expect({ name: command.name, code: run.code, err: run.err }).toEqual({
        name: command.name,
        code: 2,
        err: `Usage: npm run cli -- ${command.name} ${command.usage}`.trimEnd() + `\n${command.name} ${takes}: "x${command.maxArgs}" is extra.\n`,
      });
    }
  });

  it('knows no command but those in the table, not even the names every object has', async () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const run = await cli(word);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(new RegExp(`^Unknown command "${word}"\\.`));
    }
    expect((await cli('statsu')).err).toBe('Unknown command "statsu". Did you mean status? Run "npm run cli -- help" for the list.\n');
  });
});

describe('options only some commands take', () => {
  it('refuses --tenant and --days where a command would ignore them, before reading anything', async () => {
    for (const command of COMMANDS) {
      if (command.kind !== 'warehouse') continue;
      for (const [option, value] of [['tenant', 'acme'], ['days', '7']] as const) {
        if (command.takes?.includes(option)) continue;
        const run = await cli(command.name, `--${option}`, value);
        expect({ name: command.name, code: run.code, err: run.err }).toEqual({
          name: command.name,
          code: 2,
          err: `Usage: npm run cli -- ${command.name} ${command.usage}`.trimEnd() + `\n${command.name} does not take --${option}.\n`,
        });
      }
    }
  });

  it('lists in the help the commands --tenant narrows', async () => {
    const help = (await cli('help')).out;
    expect(help).toMatch(/--tenant <tenant_id>\s+only that tenant's connections: status, alerts, errors, syncs, schema-changes, mar, analyze\n/);
  });
});
