/** Levenshtein distance, for "did you mean" answers. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
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

/**
 * Up to `limit` candidates a person probably meant: containing what was typed, or a few edits
 * away from it (relative to its length), closest first.
 */
export function closeMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = input.trim().toLowerCase();
  if (wanted === '') return [];
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = editDistance(wanted, lower);
      const contains = lower.includes(wanted) || (wanted.length >= 4 && wanted.includes(lower));
      return { candidate, score: contains ? distance / 10 : distance };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)));
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return [...new Set(scored.map((s) => s.candidate))].slice(0, limit);
}
