// How much of a text edit similarity and ROUGE-L compare: its first MAX_COMPARED_SYMBOLS code points (counted as
// Python's str counts characters, not as JavaScript's UTF-16 code units) or tokens.

/**
 * The most symbols (code points for edit similarity, tokens for ROUGE-L) of one side that are compared; a longer
 * side is cut to its first MAX_COMPARED_SYMBOLS. The LCS then costs at most 128 · 4096 word operations. A
 * completion is bounded by the model's max_new_tokens and a ground-truth snapshot is the inserted range plus
 * at most 64 characters, so real data stays far below it; the cap only bounds a pathological row's cost.
 */
export const MAX_COMPARED_SYMBOLS = 4096;
