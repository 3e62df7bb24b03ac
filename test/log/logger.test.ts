import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/log/logger';

describe('the log', () => {
  it("never shows Fivetran's API key, its secret or the webhook secret, wherever they sit in what is logged", () => {
    const lines = new PassThrough();
    let logged = '';
    lines.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const logger = createLogger({ level: 'info', format: 'json', destination: lines });
    const config = loadConfig({ FIVETRAN_API_KEY: 'key-visible-nowhere', FIVETRAN_API_SECRET: 'secret-visible-nowhere', FIVETRAN_WEBHOOK_SECRET: 'webhook-visible-nowhere' });
    logger.info({ config }, 'started');
    logger.info({ live: config.live }, 'live');
    logger.info({ options: { apiKey: 'key-visible-nowhere', apiSecret: 'secret-visible-nowhere', secret: 'webhook-visible-nowhere' } }, 'client');
    expect(logged).toContain('"apiUrl":"https://api.fivetran.com"');
    for (const secret of ['key-visible-nowhere', 'secret-visible-nowhere', 'webhook-visible-nowhere']) expect(logged).not.toContain(secret);
  });
});
