// Cut points for rest-of-line evaluation: a seeded choice of lines in held-out files, a cut column between the
// end of the indentation and the end of the line; the truth is the rest of that line.
import { z } from 'zod';

export const CutPointSchema = z.object({
  file: z.string(),
  lang: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  truth: z.string(),
});
export type CutPoint = z.infer<typeof CutPointSchema>;

export interface HeldOutFile {
  path: string;
  pkg: string;
  lang: string;
  text: string;
}

/** Mulberry32: a tiny seeded PRNG so the same seed gives the same cut points on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleCutPoints(
  files: HeldOutFile[],
  count: number,
  seed: number,
  maxContextChars = 4000,
): CutPoint[] {
  const rand = seededRandom(seed);
  // A package first, then a file: one big package must not dominate the score.
  const byPkg = new Map<string, HeldOutFile[]>();
  for (const f of files) byPkg.set(f.pkg, [...(byPkg.get(f.pkg) ?? []), f]);
  const pkgs = [...byPkg.values()];
  const cuts: CutPoint[] = [];
  for (let tries = 0; cuts.length < count && tries < count * 50; tries++) {
    const inPkg = pkgs[Math.floor(rand() * pkgs.length)] ?? [];
    const file = inPkg[Math.floor(rand() * inPkg.length)];
    if (!file) break;
    const lines = file.text.split('\n');
    const lineNo = Math.floor(rand() * lines.length);
    const line = lines[lineNo] ?? '';
    const indent = line.length - line.trimStart().length;
    if (line.trim().length < 2) continue;
    const col = indent + Math.floor(rand() * (line.length - indent));
    const truth = line.slice(col);
    if (truth.trim().length === 0) continue;
    const before = lines.slice(0, lineNo).join('\n') + (lineNo > 0 ? '\n' : '') + line.slice(0, col);
    const after = lines.slice(lineNo + 1).join('\n');
    cuts.push({
      file: file.path,
      lang: file.lang,
      prefix: before.slice(-maxContextChars),
      suffix: (after ? '\n' + after : '').slice(0, maxContextChars / 4),
      truth,
    });
  }
  return cuts;
}
