import { describe, expect, it } from 'vitest';
import { isHighEntropy } from './entropy.js';
import { redactLines, redactSecrets, REDACTED } from './redact-secrets.js';

describe('redactSecrets', () => {
  // Format-valid synthetic values: gitleaks' allowlists let obvious test strings (`...EXAMPLE`, `abcdef...`) pass.
  const secrets: Array<[string, string, string]> = [
    ['an AWS access key id', 'aws_id = AKIAQTS3RCQTOP2NVVFF', 'AKIAQTS3RCQTOP2NVVFF'],
    [
      'a GitHub token',
      'const gh = "ghp_R8nQ2vXk4mZp7LtW9cYb3HsD6fJ1gA0eUqVo";',
      'ghp_R8nQ2vXk4mZp7LtW9cYb3HsD6fJ1gA0eUqVo',
    ],
    [
      'a Slack token',
      'slack("xoxb-51699694822-3240998010679-WIi1pbKC1yG3qLoAnw1DvDUf")',
      'xoxb-51699694822-3240998010679-WIi1pbKC1yG3qLoAnw1DvDUf',
    ],
    ['a Stripe key', 'stripe.key = sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    [
      'an OpenAI key',
      'OPENAI = "sk-Xk3vR9mQ2wLp7ZtB4nYcT3BlbkFJa8Df5Gh2Jk9Lm4Np7Q"',
      'sk-Xk3vR9mQ2wLp7ZtB4nYcT3BlbkFJa8Df5Gh2Jk9Lm4Np7Q',
    ],
    [
      'a JWT',
      'jwt = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJhbGciOiJIUzI1NiJ9',
    ],
    ['a quoted password', 'db_password = "hunter2!"', 'hunter2!'],
    ['an api key in an object', "const cfg = { apiKey: 'AbCdEf123456' };", 'AbCdEf123456'],
    ['a password in a URL', 'url = "postgres://admin:s3cretPass@db:5432/app"', 's3cretPass'],
    ['a password in a connection string', 'Server=db;User ID=sa;Password=Falcon1931@;', 'Falcon1931@'],
    ['an env secret', 'export DB_PASSWORD=correcthorse', 'correcthorse'],
    ['a password before a command', 'PGPASSWORD=q8CUwftVtSSb psql -h db -U app', 'q8CUwftVtSSb'],
    ['a password in a YAML file', 'redis:\n  password: b*eejxxNqotlwdP\n', 'b*eejxxNqotlwdP'],
    [
      'a high-entropy string',
      'const salt = "Zx8Qp2LmN4vB7tR1yK9wE3sD6fG0hJ5u";',
      'Zx8Qp2LmN4vB7tR1yK9wE3sD6fG0hJ5u',
    ],
    [
      "a researcher's Code4me API token",
      'c4m tokens use c4m_rt_Qm9xL2p7Rw4Zt8Kc1Vb6Xk3vR9mQ2wLp7ZtB4nYcA8d',
      'c4m_rt_Qm9xL2p7Rw4Zt8Kc1Vb6Xk3vR9mQ2wLp7ZtB4nYcA8d',
    ],
    [
      'a hex key under a secret name',
      "signing_key = 'a3f5c7e9b1d2f4a6c8e0b2d4f6a8c0e2'",
      'a3f5c7e9b1d2f4a6c8e0b2d4f6a8c0e2',
    ],
  ];
  for (const [what, line, secret] of secrets) {
    it(`hides ${what}`, () => {
      const out = redactSecrets(line);
      expect(out).not.toContain(secret);
      expect(out).toContain(REDACTED);
    });
  }

  it('hides a private key block line by line and keeps the line count', () => {
    const text = [
      'key = """',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA7bq9Hm0G1L1J4C1k2Y1QyN4kGzJ0wXvHj8S2yM9K3aW0oQpZ',
      '-----END RSA PRIVATE KEY-----',
      '"""',
    ].join('\n');
    const out = redactSecrets(text).split('\n');
    expect(out).toHaveLength(5);
    expect(out.slice(1, 4)).toEqual([REDACTED, REDACTED, REDACTED]);
    expect(out[0]).toBe('key = """');
  });

  it('leaves ordinary code alone', () => {
    const code = [
      'import os',
      'from typing import Optional',
      'def check_password(password: str, hashed: str) -> bool:',
      '    if password == "":',
      '        return False',
      '    token = request.headers.get("Authorization")',
      '    password = request.form["password"]',
      '    pwd = "/home/user/project"',
      '    SECRET_KEY = os.environ["SECRET_KEY"]',
      '    max_tokens = 64',
      '    label = "Enter your password"',
      '    uuid = "123e4567-e89b-12d3-a456-426614174000"',
      '    path = "src/components/UserProfile/index.tsx"',
      '    name = "getUserProfileByIdAsync"',
      '    url = "https://example.com/api/v1/users?page=2"',
      '    return bcrypt.checkpw(password.encode(), hashed.encode())',
      'const tokenType = "Bearer";',
      'interface User { password: string; apiKey?: string }',
      '<input type="password" name="password" />',
      'SELECT * FROM users WHERE id = 42;',
      'commit = "9fceb02"',
    ].join('\n');
    expect(redactSecrets(code)).toBe(code);
  });

  it('is stable on already redacted text', () => {
    const once = redactSecrets('db_password = "hunter2!"');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('redactSecrets on the tricky cases', () => {
  const key = [
    'MIIEpAIBAAKCAQEA7bq9Hm0G1L1J4C1k2Y1QyN4kGzJ0wXvHj8S2yM9K3aW0oQpZ',
    'q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnM1q2w3e4r5t6y7u8i9o0pAsDfGhJk',
  ];

  it('hides only the value, keeping the name it is assigned to', () => {
    expect(redactSecrets('DB_PASSWORD = "Sunshine487@"')).toBe(`DB_PASSWORD = "${REDACTED}"`);
  });

  it('hides a private key that the prefix cuts before its END line, to the end of the text', () => {
    const prefix = ['const pem = `-----BEGIN RSA PRIVATE KEY-----', ...key].join('\n');
    const out = redactSecrets(prefix).split('\n');
    expect(out).toEqual(['const pem = `-----BEGIN RSA PRIVATE KEY-----', REDACTED, REDACTED]);
  });

  it('hides the key lines at the start of a suffix that begins inside a private key', () => {
    const suffix = [...key, '-----END RSA PRIVATE KEY-----`;', 'export default pem;'].join('\n');
    const out = redactSecrets(suffix).split('\n');
    expect(out).toEqual([REDACTED, REDACTED, '-----END RSA PRIVATE KEY-----`;', 'export default pem;']);
  });

  it('hides a private key written with escaped line breaks, as in a service-account JSON file', () => {
    const json = `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${key.join('\\n')}\\n-----END PRIVATE KEY-----\\n"}`;
    const out = redactSecrets(json);
    for (const line of key) expect(out).not.toContain(line);
    expect(out).toContain('"private_key"');
  });

  it('keeps blank lines inside a hidden block blank, so every line keeps its number', () => {
    const text = ['-----BEGIN PRIVATE KEY-----', key[0], '', key[1], '-----END PRIVATE KEY-----'].join('\n');
    const out = redactSecrets(text).split('\n');
    expect(out).toHaveLength(5);
    expect([out[1], out[2], out[3]]).toEqual([REDACTED, '', REDACTED]);
  });

  const notSecrets: Array<[string, string]> = [
    [
      'a lockfile integrity hash',
      '"integrity": "sha512-dabho2b0d+8t8KE/0yyZNLz0jsmlQw+rSE9KngtsW+qQ2Zt5Yk0x0w4m9cN5vP8Lq3RtYuIoPaSdFgHjKlZxCvBnMq1W2e3R4t5Y6u7I8o9P0aS==",',
    ],
    ['a pinned commit id', 'uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab'],
    ['a checksum', 'EXPECTED_SHA256 = "b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184"'],
    ['a UUID', "const TENANT_ID = '3f2a9c1b-7d4e-4a8b-9c0d-1e2f3a4b5c6d';"],
    ['a placeholder', 'API_KEY = "your-api-key-here"'],
    ['an environment reference', 'password = os.environ["DB_PASSWORD"]'],
    ['a template reference', 'password: ${DB_PASSWORD}'],
    ['a hex colour', 'color: #1a2b3c; background: #fff;'],
    [
      'a public SSH key',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci@build',
    ],
    [
      'a base64 alphabet',
      'const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";',
    ],
    ['base64 of plain text', 'Buffer.from("TG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQ=", "base64")'],
    ['a variable passed as a password', 'connect(user=user, password=raw_password)'],
    ['a field label', '"login.password": "Password"'],
  ];
  for (const [what, text] of notSecrets) {
    it(`leaves ${what} alone`, () => {
      expect(redactSecrets(text)).toBe(text);
    });
  }
});

describe('redactLines', () => {
  it('keeps one output line per input line, all strings', () => {
    const lines = ['a = 1', 'token = "Zx8Qp2LmN4vB7tR1yK9wE3sD"', '[]', '42', 'null'];
    const out = redactLines(lines);
    expect(out).toHaveLength(5);
    expect(out.slice(2)).toEqual(['[]', '42', 'null']);
    expect(out[1]).toContain(REDACTED);
  });
});

describe('isHighEntropy', () => {
  it('rejects identifiers and words', () => {
    expect(isHighEntropy('thisIsAVeryLongIdentifierName')).toBe(false);
    expect(isHighEntropy('ABCDEFGHIJKLMNOPQRSTUVWXYZ')).toBe(false);
    expect(isHighEntropy('getUserProfileById2Async')).toBe(false);
  });
});

describe('redactSecrets on large or adversarial input', () => {
  // Each takes under 100 ms on an idle machine; a rule that backtracks quadratically takes seconds (the curl rules
  // before their bound: 4.6 s), so the bound leaves room for a busy shared machine and still catches that.
  it('stays linear on 100 000-character inputs', () => {
    const inputs = [
      'a.'.repeat(50_000),
      `"${'A1b2'.repeat(25_000)}`,
      `x://${'u'.repeat(50_000)}:`,
      'token'.repeat(20_000),
      'x = "abc"; '.repeat(10_000),
      'curl -H "'.repeat(11_200),
      'curl -u a:'.repeat(10_000),
      'secret_key = "a'.repeat(6_700),
      '-----BEGIN PRIVATE KEY-----\n'.repeat(3_600),
    ];
    for (const text of inputs) {
      const started = performance.now();
      redactSecrets(text);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
