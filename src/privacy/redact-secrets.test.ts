import { describe, expect, it } from 'vitest';
import { isHighEntropy, redactLines, redactSecrets, REDACTED } from './redact-secrets.js';

describe('redactSecrets', () => {
  const secrets: Array<[string, string, string]> = [
    ['an AWS access key id', 'aws_id = AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    [
      'a GitHub token',
      'const gh = ghp_1234567890abcdefghijklmnopqrstuvwxyzAB;',
      'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB',
    ],
    ['a Slack token', 'slack("xoxb-123456789012-abcdefghijklmnop")', 'xoxb-123456789012-abcdefghijklmnop'],
    ['a Stripe key', 'stripe.key = sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    [
      'an OpenAI key',
      'OPENAI = sk-proj-abcdefghijklmnopqrstuvwxyz123456',
      'sk-proj-abcdefghijklmnopqrstuvwxyz123456',
    ],
    [
      'a JWT',
      'jwt = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJhbGciOiJIUzI1NiJ9',
    ],
    ['a quoted password', 'db_password = "hunter2!"', 'hunter2!'],
    ['an api key in an object', "const cfg = { apiKey: 'AbCdEf123456' };", 'AbCdEf123456'],
    ['a password in a URL', 'url = "postgres://admin:s3cretPass@db:5432/app"', 's3cretPass'],
    ['an env secret', 'export DB_PASSWORD=correcthorse', 'correcthorse'],
    [
      'a high-entropy string',
      'const salt = "Zx8Qp2LmN4vB7tR1yK9wE3sD6fG0hJ5u";',
      'Zx8Qp2LmN4vB7tR1yK9wE3sD6fG0hJ5u',
    ],
    ['a hex digest', "digest = 'a3f5c7e9b1d2f4a6c8e0b2d4f6a8c0e2'", 'a3f5c7e9b1d2f4a6c8e0b2d4f6a8c0e2'],
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
  it('stays fast on 100 000-character inputs', () => {
    const inputs = [
      'a.'.repeat(50_000),
      `"${'A1b2'.repeat(25_000)}`,
      `x://${'u'.repeat(50_000)}:`,
      'token'.repeat(20_000),
      'x = "abc"; '.repeat(10_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      redactSecrets(text);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
