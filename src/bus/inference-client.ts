// The API's port to the inference workers: one call per model, with a deadline. Implemented over NATS
// request-reply (createNatsInferenceClient); tests and benchmarks may pass their own.
import type { ChatInput, CompletionInput } from '../inference/model-backend.js';
import type { ChatInferenceOutput, InferenceOutput } from '../inference/protocol.js';

export type InferenceResult =
  | { ok: true; output: InferenceOutput; elapsedMs: number }
  | { ok: false; error: { code: string; message: string }; elapsedMs: number };

export type ChatResult =
  | { ok: true; output: ChatInferenceOutput; elapsedMs: number }
  | { ok: false; error: { code: string; message: string }; elapsedMs: number };

export interface InferenceClient {
  /** Never throws: a failure, a missing worker or a missed deadline comes back as `ok: false`. */
  /** `deadlineMs` is the budget in milliseconds from now; `queryId` only labels the worker's logs. */
  complete(
    modelId: number,
    input: CompletionInput,
    deadlineMs: number,
    options?: { queryId?: string },
  ): Promise<InferenceResult>;
  /** A chat model's next message (`<prefix>.svc.chat.<id>`); absent where no chat is wired (then none is served). */
  chat?(
    modelId: number,
    input: ChatInput,
    deadlineMs: number,
    options?: { queryId?: string },
  ): Promise<ChatResult>;
}
