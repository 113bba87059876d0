import type { Match } from '../core/retrieve/search';

function row(m: Match): string {
  return `${String(m.i).padStart(7)}  ${m.lat.toFixed(4).padStart(9)}  ${m.lon.toFixed(4).padStart(10)}  ${m.score.toFixed(4).padStart(7)}  ${(m.p * 100).toFixed(3).padStart(7)}%`;
}

export function printMatches(result: { most: Match[]; least: Match[] }): void {
  const header = '    row        lat         lon   cosine        p';
  process.stdout.write(`most similar\n${header}\n${result.most.map(row).join('\n')}\n`);
  process.stdout.write(`least similar\n${header}\n${result.least.map(row).join('\n')}\n`);
}
