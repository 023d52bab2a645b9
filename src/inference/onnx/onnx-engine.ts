// Everything one in-process model needs at run time, loaded together: session, tokenizer, vocabulary facts
// and the batch scheduler that serialises all use of the session.
import { createBatchScheduler, type BatchScheduler } from './batch-scheduler.js';
import { loadOnnxModel, type OnnxModel, type OnnxSessionOptions } from './load-onnx-model.js';
import { vocabularyOf, type Vocabulary } from './sequence.js';
import { loadCodeTokenizer, type CodeTokenizer } from './tokenizer.js';

export interface OnnxEngineOptions extends OnnxSessionOptions {
  maxBatch?: number;
}

export interface OnnxEngine {
  model: OnnxModel;
  tokenizer: CodeTokenizer;
  vocab: Vocabulary;
  scheduler: BatchScheduler;
  close(): Promise<void>;
}

export async function loadOnnxEngine(dir: string, options: OnnxEngineOptions = {}): Promise<OnnxEngine> {
  const model = await loadOnnxModel(dir, options);
  const tokenizer = loadCodeTokenizer(dir);
  const vocab = vocabularyOf(tokenizer, model.config);
  const scheduler = createBatchScheduler(model, vocab, { maxBatch: options.maxBatch ?? 8 });
  return {
    model,
    tokenizer,
    vocab,
    scheduler,
    close: async () => {
      await scheduler.close();
      await model.session.release();
    },
  };
}
