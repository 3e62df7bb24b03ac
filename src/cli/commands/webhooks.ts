import { usageLine, type StandaloneCommand } from '../command';

export const webhooks: StandaloneCommand = {
  kind: 'standalone',
  name: 'webhooks',
  usage: 'setup --url <https url>',
  summary: "register Pulse's /fivetran/webhook with Fivetran for the whole account",
  // It talks to Fivetran, not to the warehouse: it needs the API key and the webhook secret only,
  // and loads the configuration and the API client only when it runs, so no other command pays for them.
  run: async (argv, io) => (await import('./webhooksRun')).runWebhooks(argv, io, usageLine(webhooks)),
};
