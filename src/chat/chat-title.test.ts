import { describe, expect, it } from 'vitest';
import {
  buildChatPrompt,
  DEFAULT_SYSTEM_PROMPT,
  fallbackTitle,
  parseTitle,
  TITLE_INSTRUCTION,
  UNTITLED_CHAT,
} from './index.js';
import { ChatRequestBodySchema } from './request-schemas.js';

describe('parseTitle', () => {
  it('cuts the title out of the answer and returns it trimmed', () => {
    expect(parseTitle('[Title] Adding two numbers [/Title]\nUse a + b.')).toEqual({
      text: 'Use a + b.',
      title: 'Adding two numbers',
    });
  });

  it('finds a title anywhere, in any case, and removes every one of them', () => {
    expect(parseTitle('Sure. [title]Loops[/TITLE] Here. [Title]Again[/Title]')).toEqual({
      text: 'Sure.  Here.',
      title: 'Loops',
    });
  });

  it('gives no title for an answer without one or with an empty one', () => {
    expect(parseTitle('Just an answer')).toEqual({ text: 'Just an answer', title: null });
    expect(parseTitle('[Title]  [/Title]Text')).toEqual({ text: 'Text', title: null });
    expect(parseTitle('[Title]unclosed')).toEqual({ text: '[Title]unclosed', title: null });
  });

  it('keeps a title to 80 characters', () => {
    expect(parseTitle(`[Title]${'x'.repeat(200)}[/Title]`).title).toHaveLength(80);
  });
});

describe('fallbackTitle', () => {
  it('takes up to six words of the first message, marking a cut with an ellipsis', () => {
    expect(fallbackTitle('Why is my loop slow?')).toBe('Why is my loop slow?');
    expect(fallbackTitle('one two  three\nfour five six seven')).toBe('one two three four five six…');
  });

  it('says Untitled Chat for an empty message', () => {
    expect(fallbackTitle('   ')).toBe(UNTITLED_CHAT);
  });
});

describe('buildChatPrompt', () => {
  const body = (messages: unknown[], extra: Record<string, unknown> = {}) =>
    ChatRequestBodySchema.parse({ chat_id: '0190a8e4-0000-7000-8000-000000000000', messages, ...extra });

  it('extends the system prompt with the title instruction on the first turn only', () => {
    const first = buildChatPrompt(
      body([
        ['system', 'Be brief.'],
        ['user', 'hi'],
      ]),
      null,
      true,
    );
    expect(first.messages).toEqual([
      { role: 'system', content: `Be brief.\n\n${TITLE_INSTRUCTION}` },
      { role: 'user', content: 'hi' },
    ]);
    const later = buildChatPrompt(
      body([
        ['system', 'Be brief.'],
        ['user', 'hi'],
        ['assistant', 'yo'],
        ['user', 'x'],
      ]),
      null,
      false,
    );
    expect(later.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(later).toMatchObject({ systemPrompt: 'Be brief.', userMessage: 'x', priorMessages: 2 });
  });

  it('uses the default system prompt when the plugin sends none', () => {
    const p = buildChatPrompt(body([['user', 'hi']]), null, false);
    expect(p.messages[0]).toEqual({ role: 'system', content: DEFAULT_SYSTEM_PROMPT });
    expect(p.systemPrompt).toBeNull();
  });

  it('redacts secrets in every message', () => {
    const p = buildChatPrompt(
      body([
        ['user', 'key AKIA4QX7RZ2M5TBW3KNE'],
        ['assistant', 'ok'],
        ['user', 'and?'],
      ]),
      null,
      false,
    );
    expect(JSON.stringify(p.messages)).not.toContain('AKIA4QX7RZ2M5TBW3KNE');
  });

  it("refuses a history whose last message is not the user's, and messages that are not pairs", () => {
    expect(() =>
      body([
        ['user', 'a'],
        ['assistant', 'b'],
      ]),
    ).toThrow(/last message/);
    expect(() => body([['user']])).toThrow();
    expect(() => body([['robot', 'a']])).toThrow();
  });
});
