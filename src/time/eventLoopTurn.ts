/** One turn of the event loop: long work that awaits it between slices lets Slack's acks and other requests in. */
export const eventLoopTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
