// What the generated events are made of: a seeded random source (so a seed gives the same stream again),
// UUID v7 ids on the simulated clock, and code-like text; with `nasty` the text also holds what COPY and
// JSON must escape (tabs, newlines, backslashes, `\N`, quotes, braces, non-Latin scripts, emoji, a lone
// surrogate).

export class MixRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A UUID v7 whose time part is `ms`. */
  uuid7(ms: number): string {
    const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
    const time = hex(ms, 12);
    const rand = () => hex(this.next() * 0x10000, 4);
    const variant = hex(0x8000 | (this.next() * 0x4000), 4);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${rand().slice(1)}-${variant}-${rand()}${rand()}${rand()}`;
  }
}

const CODE_LINES = [
  'def load_config(path):',
  '    with open(path) as f:',
  '        return json.load(f)',
  'for i in range(len(items)):',
  '    total += items[i].price * items[i].quantity',
  'if __name__ == "__main__":',
  'public static void main(String[] args) {',
  '    System.out.println("Hello, " + name);',
  'const result = await fetch(`${baseUrl}/api/items?page=${page}`);',
  'export function parseLine(line: string): Entry | null {',
  '  return line.split(",").map((s) => s.trim());',
  'class UserRepository(private val db: Database) {',
  '    fun findById(id: UUID): User? = db.users[id]',
  "SELECT id, name FROM users WHERE created_at > now() - interval '1 day';",
  '    raise ValueError(f"unexpected value: {value!r}")',
  '}',
  '',
  '    # TODO: handle the empty case',
  'import numpy as np',
  'x = np.linspace(0, 1, 100)',
];

const NASTY = [
  'a\tb',
  'line1\nline2',
  'crlf\r\nend',
  'back\\slash',
  '\\N',
  '\\.',
  'ends with backslash\\',
  '"quoted" and \'single\'',
  '{braces, and, commas}',
  'café ünïcødé',
  '日本語のコメント',
  'emoji 😀🚀',
  'עברית RTL',
  'lone \ud800 surrogate',
  '\\t not a tab',
  'NULL',
  '',
];

export class MixText {
  constructor(
    private readonly rng: MixRandom,
    private readonly nasty: boolean,
  ) {}

  /** One line of code, now and then (with `nasty`) one that needs escaping. */
  line(): string {
    if (this.nasty && this.rng.chance(0.15)) return this.rng.pick(NASTY);
    return this.rng.pick(CODE_LINES);
  }

  /** About `chars` characters of code, whole lines joined by newlines. */
  code(chars: number): string {
    const lines: string[] = [];
    let length = 0;
    while (length < chars) {
      const line = this.line();
      lines.push(line);
      length += line.length + 1;
    }
    return lines.join('\n');
  }

  /** A line for JSON columns (jsonb refuses lone surrogates, which PostgreSQL would refuse live too). */
  jsonSafeLine(): string {
    return this.line().replace(/[\ud800-\udfff]/g, '?');
  }

  filePath(): string {
    const dirs = ['src', 'src/main/java/org/example', 'lib', 'tests', 'app/models'];
    const names = ['main', 'utils', 'config', 'user_service', 'parser', 'index', 'handlers'];
    const ext = this.rng.pick(['.py', '.ts', '.java', '.kt', '.go']);
    const name = this.nasty && this.rng.chance(0.05) ? 'fïlé name\twith tab' : this.rng.pick(names);
    return `${this.rng.pick(dirs)}/${name}${ext}`;
  }
}
