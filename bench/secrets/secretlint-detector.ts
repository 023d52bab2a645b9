// secretlint's recommended preset run through @secretlint/core on a snippet, giving the spans it reports.
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretSpan } from '../../src/privacy/secret-span.js';

export async function findSecretlintSecrets(text: string): Promise<SecretSpan[]> {
  const result = await lintSource({
    source: { content: text, filePath: '/snippet.txt', ext: '.txt', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] },
      noPhysicFilePath: true,
    },
  });
  return result.messages.map((m) => ({ start: m.range[0], end: m.range[1], rule: `secretlint:${m.ruleId}` }));
}
