/**
 * Up to `max` candidates a person probably meant: exact, then prefix, then containing what was
 * typed, then a few edits away (against the whole name or its start), closest and shortest first.
 */
export function closeMatches(typed: string, candidates: readonly string[], max = 3): string[] {
  const query = typed.trim().toLowerCase();
  if (!query) return [];
  const scored = candidates
    .map((candidate) => {
      const name = candidate.toLowerCase();
      if (name === query) return { candidate, score: -1 };
      if (name.startsWith(query)) return { candidate, score: 0 };
      if (name.includes(query)) return { candidate, score: 1 };
      // Against the whole name, and against its start (a typo in a prefix of a longer name).
      const distance = Math.min(editDistance(query, name), editDistance(query, name.slice(0, query.length)));
      return { candidate, score: 2 + distance };
    })
    .filter(({ score }) => score <= 2 + Math.max(1, Math.floor(query.length / 3)))
    .sort((a, b) => a.score - b.score || a.candidate.length - b.candidate.length || a.candidate.localeCompare(b.candidate));
  return [...new Set(scored.map(({ candidate }) => candidate))].slice(0, max);
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] as number;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}
