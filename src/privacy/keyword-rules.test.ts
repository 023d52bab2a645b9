import { describe, expect, it } from 'vitest';
import { findKeywordSecrets } from './keyword-rules.js';

const VALUE = 'Xk3vR9mQ2wLpZtB4nYc';
const C4M_TOKEN = 'c4m_rt_Qm9xL2p7Rw4Zt8Kc1Vb6Xk3vR9mQ2wLp7ZtB4nYcA8d';

describe('findKeywordSecrets', () => {
  // A rule is skipped on text without its hint words (lower-cased): every rule must still run, whatever the case
  // of the key, on the text it was written for.
  const cases: Array<[rule: string, text: string, secret: string]> = [
    ['quoted secret assignment', `DB_PASSWORD = "${VALUE}"`, VALUE],
    ['quoted secret argument', `config.set("Signing-Key", "${VALUE}")`, VALUE],
    ['unquoted secret assignment', `  MASTER_KEY: ${VALUE}`, VALUE],
    ['secret element', `<AuthToken>${VALUE}</AuthToken>`, VALUE],
    ['connection string password', `Server=db;User Id=sa;PWD=${VALUE};`, VALUE],
    ['password in url', `amqp://bob:${VALUE}@queue:5672/`, VALUE],
    ['shell secret variable', `GITHUB_TOKEN=${VALUE} ./release.sh`, VALUE],
    ['secret in url query', `fetch("https://cdn.example/a.png?Signature=${VALUE}")`, VALUE],
    ['user and password argument', `curl -u bob:${VALUE} https://api.example`, VALUE],
    ['mysql password argument', `mysqldump -u root -p${VALUE} shop`, VALUE],
    ['basic auth pair', `requests.get(url, auth = ("bob", "${VALUE}"))`, VALUE],
    ['bearer token', `Authorization: Bearer ${VALUE}x`, `${VALUE}x`],
    ['code4me api token', `export C4M=${C4M_TOKEN}`, C4M_TOKEN],
  ];
  for (const [rule, text, secret] of cases) {
    it(`runs "${rule}" on the text it is for`, () => {
      const found = findKeywordSecrets(text).filter((s) => s.rule === rule);
      expect(found.map((s) => text.slice(s.start, s.end))).toEqual([secret]);
    });
  }

  it('finds the same with or without the lower-cased text passed in', () => {
    for (const [, text] of cases) {
      expect(findKeywordSecrets(text, text.toLowerCase())).toEqual(findKeywordSecrets(text));
    }
  });
});
