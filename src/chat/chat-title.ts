// The Python server's title convention: on a chat's first turn the model is asked to begin with a short title
// in [Title]...[/Title], which is cut out of the answer and becomes the chat's title. Without one, the title is
// the first words of the user's first message.
export const TITLE_INSTRUCTION =
  'Begin your first answer with a title of three to six words for this conversation, written as ' +
  '[Title]your title[/Title], then answer.';

export const UNTITLED_CHAT = 'Untitled Chat';
const TITLE_CHARS = 80;
const TITLE = /\[title\]([\s\S]*?)\[\/title\]/i;

/** The answer without its [Title]...[/Title] (every one is removed) and the first title it held, if any. */
export function parseTitle(answer: string): { text: string; title: string | null } {
  const found = TITLE.exec(answer)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  const text = answer.replace(new RegExp(TITLE.source, 'gi'), '').trim();
  return { text, title: found ? found.slice(0, TITLE_CHARS) : null };
}

/** Up to six words of the user's first message, at most 80 characters; "Untitled Chat" when it is empty. */
export function fallbackTitle(firstUserMessage: string): string {
  const words = firstUserMessage.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const title = words.slice(0, 6).join(' ').slice(0, TITLE_CHARS);
  if (!title) return UNTITLED_CHAT;
  return words.length > 6 || title.length < words.slice(0, 6).join(' ').length ? `${title}…` : title;
}
