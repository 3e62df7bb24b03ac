/**
 * Who an alert notifies, written as Slack writes a mention: a user group `<!subteam^S0123ABCD>` or
 * a person `<@U0123ABCD>`; several separated by spaces. Nothing else passes, so configuration can
 * never put other markup into a message, nor page a whole channel (`<!here>`, `<!channel>`).
 */
const ONE = String.raw`<(?:!subteam\^[A-Z0-9]+(?:\|[^<>|]{1,80})?|@[UW][A-Z0-9]+)>`;

export const SLACK_MENTION = new RegExp(`^${ONE}(?:\\s+${ONE})*$`);

export const SLACK_MENTION_EXPECTED = 'a Slack mention of a user group <!subteam^S0123ABCD> or a person <@U0123ABCD>, or several separated by spaces';
