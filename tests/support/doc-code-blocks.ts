// The fenced code blocks of one section of a Markdown document, by language, so a test can run a document's
// examples as they are written (docs/datasets.md's readers' examples).
import { readFileSync } from 'node:fs';

/**
 * The bodies of the ```<language> blocks between the heading `## <heading>` (or ###, …) and the next heading
 * of the same or a higher level, in document order.
 */
export function sectionCodeBlocks(file: string | URL, heading: string, language: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`no heading "${heading}" in ${String(file)}`);
  const level = lines[start]!.indexOf(' ');
  const blocks: string[] = [];
  let open: string[] | null = null;
  let lang = '';
  for (const line of lines.slice(start + 1)) {
    if (open === null && new RegExp(`^#{1,${level}} `).test(line)) break;
    if (open === null && line.startsWith('```')) {
      [open, lang] = [[], line.slice(3).trim()];
    } else if (open !== null && line.startsWith('```')) {
      if (lang === language) blocks.push(open.join('\n'));
      open = null;
    } else if (open !== null) {
      open.push(line);
    }
  }
  return blocks;
}
