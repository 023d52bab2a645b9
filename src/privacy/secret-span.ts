// A stretch of text that a detector takes for a secret: [start, end) in UTF-16 code units, and the rule that found it.
export interface SecretSpan {
  start: number;
  end: number;
  rule: string;
}
