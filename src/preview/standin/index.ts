export { startSlackStandIn, StandInOptionsError, DEFAULT_BOT_ID, DEFAULT_BOT_USER_ID, DEFAULT_TEAM_ID, DEFAULT_USERS } from './server';
export { signSlackRequest } from './signing';
export { validateBlocks, BLOCK_LIMITS } from './blockValidation';
export { InteractionError } from './payloads';
export type * from './types';
