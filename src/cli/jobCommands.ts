import type { CliContext } from './context';
import type { CliIo, CliOptions } from './main';
export async function runScheduledJob(_job: 'dashboard' | 'alerts', _c: CliContext, _o: CliOptions, io: CliIo): Promise<number> { io.stderr.write('not yet\n'); return 2; }
