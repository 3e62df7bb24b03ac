/** How a command's usage reads when it is used wrongly, in Slack and in the terminal alike. */

/** "takes no arguments", "takes one argument", "takes at most 2 arguments". */
export function takesArguments(maxArgs: number): string {
  if (maxArgs <= 0) return 'takes no arguments';
  return maxArgs === 1 ? 'takes one argument' : `takes at most ${maxArgs} arguments`;
}

/** Names to pick from, the first `max` of them: "acme, globex, …and 12 more". */
export function nameList(names: readonly string[], max = 30): string {
  const shown = names.slice(0, max);
  return `${shown.join(', ')}${names.length > shown.length ? `, …and ${names.length - shown.length} more` : ''}`;
}
