// Opens an ONNX decoder with onnxruntime-node and learns its interface from the graph itself: the past
// key/value input names, whether it takes position_ids, and the past tensor shape (GQA heads included).
import * as ort from 'onnxruntime-node';
import { loadDecoderConfig, type DecoderConfig } from './model-config.js';
import { findModelFiles, type WeightsPreference } from './model-folder.js';

export interface OnnxSessionOptions {
  /** Threads for one operator; 2 matches our deployment boxes. */
  threads?: number;
  /** e.g. ['cuda', 'cpu']; the CUDA EP needs the GPU build of onnxruntime-node (docs/inference.md). */
  executionProviders?: string[];
  prefer?: WeightsPreference;
  /** Let idle pool threads busy-wait for work (ORT's default). Off by default: on a shared 2-core box spinning
   * threads steal the CPU the other thread needs, which measured 2x slower under load. */
  spinning?: boolean;
}

export interface PastSlot {
  input: string;
  output: string;
}

export interface OnnxModel {
  readonly session: ort.InferenceSession;
  readonly config: DecoderConfig;
  readonly weightsFile: string;
  /** In the order the graph lists them, each past input paired with the present output that refills it. */
  readonly pastSlots: PastSlot[];
  readonly hasPositionIds: boolean;
  /** Optimum's merged decoders take a flag choosing the with-past branch. */
  readonly hasUseCacheBranch: boolean;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Time spent inside session.run, for the benchmark's engine-overhead figure. */
  readonly stats: { runs: number; runMs: number };
}

export async function loadOnnxModel(dir: string, options: OnnxSessionOptions = {}): Promise<OnnxModel> {
  const files = findModelFiles(dir, options.prefer);
  const config = loadDecoderConfig(dir);
  const session = await ort.InferenceSession.create(files.weights, {
    intraOpNumThreads: options.threads ?? 2,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    executionProviders: options.executionProviders ?? ['cpu'],
    extra: { session: { intra_op: { allow_spinning: options.spinning === true ? '1' : '0' } } },
  });
  const pastSlots = findPastSlots(session);
  const [kvHeads, headDim] = pastShape(session, pastSlots[0]?.input, config);
  return {
    session,
    config,
    weightsFile: files.weights,
    pastSlots,
    hasPositionIds: session.inputNames.includes('position_ids'),
    hasUseCacheBranch: session.inputNames.includes('use_cache_branch'),
    kvHeads,
    headDim,
    stats: { runs: 0, runMs: 0 },
  };
}

function findPastSlots(session: ort.InferenceSession): PastSlot[] {
  const inputs = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  if (inputs.some((n) => n.endsWith('.key_value'))) {
    throw new Error(
      'merged key_value past tensors (old gpt_bigcode exports) are not supported; re-export with split key/value',
    );
  }
  return inputs.map((input) => {
    const output = input.replace(/^past_key_values\./, 'present.');
    if (!session.outputNames.includes(output))
      throw new Error(`the graph has ${input} but no ${output} output`);
    return { input, output };
  });
}

/** Heads and head size of the past tensors: from the graph when its dims are fixed numbers, else from config. */
function pastShape(
  session: ort.InferenceSession,
  input: string | undefined,
  config: DecoderConfig,
): [number, number] {
  const meta = session.inputMetadata.find((m) => m.name === input);
  const shape = meta?.isTensor ? meta.shape : [];
  const heads = shape[1];
  const dim = shape[3];
  return [typeof heads === 'number' ? heads : config.kvHeads, typeof dim === 'number' ? dim : config.headDim];
}
