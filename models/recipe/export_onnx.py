# Exports a checkpoint to ONNX in Optimum's llama decoder-with-past layout (one graph for the empty-past first
# step and cached steps) and writes config.json and generation_config.json (ref.json comes from make_ref.py).
# Usage: export_onnx.py <ckpt.pt> <outdir> [opset=17]
import json, os, sys

import torch

from model import Cfg, Llama, OnnxWrapper

FIM = {'prefix': '<fim_prefix>', 'middle': '<fim_middle>', 'suffix': '<fim_suffix>', 'pad': '<fim_pad>'}


def hf_config(c: Cfg):
    return {
        'architectures': ['LlamaForCausalLM'], 'model_type': 'llama', 'vocab_size': c.vocab_size,
        'hidden_size': c.hidden_size, 'intermediate_size': c.intermediate_size,
        'num_hidden_layers': c.num_hidden_layers, 'n_layer': c.num_hidden_layers,
        'num_attention_heads': c.num_attention_heads, 'num_key_value_heads': c.num_key_value_heads,
        'head_dim': c.head_dim, 'max_position_embeddings': c.max_position_embeddings,
        'rope_theta': c.rope_theta, 'rms_norm_eps': c.rms_norm_eps, 'hidden_act': 'silu',
        'tie_word_embeddings': True, 'attention_bias': False, 'mlp_bias': False,
        'bos_token_id': 0, 'eos_token_id': 0, 'pad_token_id': 4, 'torch_dtype': 'float32',
        'use_cache': True, 'fim_tokens': FIM, 'fim_token_ids': {'prefix': 1, 'middle': 2, 'suffix': 3, 'pad': 4},
    }


def dummy_inputs(c: Cfg, B, S, P, ids=None):
    ids = ids if ids is not None else torch.randint(5, c.vocab_size, (B, S))
    mask = torch.ones(B, P + S, dtype=torch.int64)
    pos = torch.arange(P, P + S)[None].expand(B, S).contiguous()
    past = [torch.zeros(B, c.num_key_value_heads, P, c.head_dim) for _ in range(2 * c.num_hidden_layers)]
    return ids, mask, pos, past


def names(c: Cfg):
    past_in, present_out = [], []
    for i in range(c.num_hidden_layers):
        past_in += [f'past_key_values.{i}.key', f'past_key_values.{i}.value']
        present_out += [f'present.{i}.key', f'present.{i}.value']
    return past_in, present_out


def store_tied_embedding_once(path):
    """Constant folding turns the tied lm_head into a second, transposed copy of the embedding (2 MB here).
    Replace that initializer with a Transpose of the embedding: ONNX Runtime folds it again at load time."""
    import numpy as np
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    emb = next(i for i in m.graph.initializer if i.name.endswith('embed_tokens.weight'))
    emb_t = numpy_helper.to_array(emb).T
    for init in list(m.graph.initializer):
        if tuple(init.dims) == emb_t.shape and np.array_equal(numpy_helper.to_array(init), emb_t):
            m.graph.initializer.remove(init)
            m.graph.node.insert(0, onnx.helper.make_node('Transpose', [emb.name], [init.name], perm=[1, 0],
                                                         name='lm_head_transpose'))
            break
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main():
    ckpt, out = sys.argv[1], sys.argv[2]
    opset = int(sys.argv[3]) if len(sys.argv) > 3 else 17
    state = torch.load(ckpt, map_location='cpu')
    c = Cfg(**state['cfg'])
    model = Llama(c).eval()
    model.load_state_dict(state['model'])
    wrap = OnnxWrapper(model).eval()
    past_in, present_out = names(c)
    axes = {'input_ids': {0: 'batch_size', 1: 'sequence_length'},
            'attention_mask': {0: 'batch_size', 1: 'past_sequence_length + sequence_length'},
            'position_ids': {0: 'batch_size', 1: 'sequence_length'},
            'logits': {0: 'batch_size'}}  # [batch, 1, vocab]: the last position only
    for n in past_in:
        axes[n] = {0: 'batch_size', 2: 'past_sequence_length'}
    for n in present_out:
        axes[n] = {0: 'batch_size', 2: 'past_sequence_length + sequence_length'}
    os.makedirs(f'{out}/onnx', exist_ok=True)
    ids, mask, pos, past = dummy_inputs(c, 2, 3, 5)
    with torch.no_grad():
        torch.onnx.export(wrap, (ids, mask, pos, *past), f'{out}/onnx/model.onnx', opset_version=opset,
                          input_names=['input_ids', 'attention_mask', 'position_ids', *past_in],
                          output_names=['logits', *present_out], dynamic_axes=axes, do_constant_folding=True)
    store_tied_embedding_once(f'{out}/onnx/model.onnx')
    json.dump(hf_config(c), open(f'{out}/config.json', 'w'), indent=2)
    json.dump({'bos_token_id': 0, 'eos_token_id': 0, 'pad_token_id': 4, 'max_new_tokens': 48, 'do_sample': False},
              open(f'{out}/generation_config.json', 'w'), indent=2)
    print('exported', f'{out}/onnx/model.onnx', 'opset', opset)


if __name__ == '__main__':
    main()
