// The few facts the engine needs from config.json / generation_config.json, across the naming schemes of
// the model families (llama-style `num_hidden_layers`, gpt2-style `n_layer`, GQA `num_key_value_heads`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DecoderConfig {
  layers: number;
  /** Heads in the past key/value tensors: `num_key_value_heads` under GQA, else the attention heads. */
  kvHeads: number;
  headDim: number;
  /** Longest sequence the model's positions cover; prompts plus new tokens must fit. */
  maxPositions: number | undefined;
  /** Token ids that end generation, from both config files. */
  eosIds: number[];
}

type Json = Record<string, unknown>;

export function loadDecoderConfig(dir: string): DecoderConfig {
  const config = readJson(join(dir, 'config.json')) ?? {};
  const generation = readJson(join(dir, 'generation_config.json')) ?? {};
  return parseDecoderConfig(config, generation);
}

export function parseDecoderConfig(config: Json, generation: Json): DecoderConfig {
  const num = (...keys: string[]): number | undefined => {
    for (const k of keys) if (typeof config[k] === 'number') return config[k];
    return undefined;
  };
  const layers = num('num_hidden_layers', 'n_layer', 'num_layers');
  const heads = num('num_attention_heads', 'n_head', 'num_heads');
  const hidden = num('hidden_size', 'n_embd', 'd_model');
  if (!layers || !heads || !hidden)
    throw new Error('config.json lacks the layer count, head count or hidden size');
  const kvHeads = num('num_key_value_heads', 'n_kv_heads') ?? (config.multi_query === true ? 1 : heads);
  return {
    layers,
    kvHeads,
    headDim: num('head_dim') ?? hidden / heads,
    maxPositions: num('max_position_embeddings', 'n_positions', 'n_ctx'),
    eosIds: [...new Set([...ids(generation.eos_token_id), ...ids(config.eos_token_id)])],
  };
}

function ids(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}

function readJson(file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}
