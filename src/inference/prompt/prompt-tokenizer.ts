// What prompt building needs from a tokenizer; the ONNX engine's CodeTokenizer satisfies it, and tests can
// pass a character-level stand-in.

export interface PromptTokenizer {
  /** Encodes text exactly as given, adding no special tokens. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Removes control-token strings from user text. */
  stripSpecialTokens(text: string): string;
  /** Id of a control token by its text, if the vocabulary has it. */
  tokenId(token: string): number | undefined;
  readonly bosId: number | undefined;
  readonly addBos: boolean;
}

/** Ids of a template marker: the control token when the vocabulary has one, else its text. */
export function markerIds(tokenizer: PromptTokenizer, marker: string): number[] {
  // SentencePiece vocabularies (CodeLlama) store markers with the word-boundary prefix.
  const id = tokenizer.tokenId(marker) ?? tokenizer.tokenId(`▁${marker}`);
  return id === undefined ? tokenizer.encode(marker) : [id];
}

/** Ids of user-controlled text (file names, code): control-token strings in it are removed first. */
export function userTextIds(tokenizer: PromptTokenizer, text: string): number[] {
  return tokenizer.encode(tokenizer.stripSpecialTokens(text));
}
