// The detectors bench:secrets compares: today's rules, secretlint's recommended preset, gitleaks' rules, and
// unions of them with our keyword rules, private-key blocks and the entropy check (the last is what ships).
import { findHighEntropyStrings } from '../../src/privacy/entropy.js';
import { findSecrets, mergeSpans } from '../../src/privacy/find-secrets.js';
import { findGitleaksSecrets } from '../../src/privacy/gitleaks-rules.js';
import { findKeywordSecrets } from '../../src/privacy/keyword-rules.js';
import { findPrivateKeyBlocks } from '../../src/privacy/private-key-blocks.js';
import type { SecretSpan } from '../../src/privacy/secret-span.js';
import { findSecretlintSecrets } from './secretlint-detector.js';
import { findTodaysRuleSecrets } from './todays-rules.js';

export interface Candidate {
  name: string;
  find: (text: string) => SecretSpan[] | Promise<SecretSpan[]>;
}

type Find = (text: string) => SecretSpan[];

const union =
  (...finds: Find[]): Find =>
  (text) =>
    mergeSpans(finds.flatMap((f) => f(text)));

const ours = union(findKeywordSecrets, findPrivateKeyBlocks, findHighEntropyStrings);

export const CANDIDATES: Candidate[] = [
  { name: "(a) today's rules", find: findTodaysRuleSecrets },
  { name: '(b) secretlint recommended', find: findSecretlintSecrets },
  { name: "(c) gitleaks' rules", find: findGitleaksSecrets },
  { name: '(d) today ∪ gitleaks', find: union(findTodaysRuleSecrets, findGitleaksSecrets) },
  {
    name: '(d) today ∪ gitleaks ∪ secretlint',
    find: async (text) =>
      mergeSpans([
        ...findTodaysRuleSecrets(text),
        ...findGitleaksSecrets(text),
        ...(await findSecretlintSecrets(text)),
      ]),
  },
  { name: '(d) keyword ∪ pem ∪ entropy', find: ours },
  {
    name: '(d) gitleaks ∪ keyword ∪ pem',
    find: union(findGitleaksSecrets, findKeywordSecrets, findPrivateKeyBlocks),
  },
  { name: 'shipped: gitleaks ∪ keyword ∪ pem ∪ entropy', find: findSecrets },
];
