# Rebuilds a training checkpoint (weights only) from an exported ONNX model, so training can continue from the
# shipped model when the original checkpoint is gone: `train.py --init <this output>`.
# Linear weights are MatMul initializers stored transposed under anonymous names; the consuming node's name
# (/m/layers.N/self_attn/q_proj/MatMul) gives the module path.
# Usage: onnx_to_ckpt.py <model dir with config.json and onnx/model.onnx> <out ckpt.pt>
import json, sys

import onnx
import torch
from onnx import numpy_helper

from model import Cfg, Llama


def main():
    src, out = sys.argv[1], sys.argv[2]
    hf = json.load(open(f'{src}/config.json'))
    c = Cfg(vocab_size=hf['vocab_size'], hidden_size=hf['hidden_size'], num_hidden_layers=hf['num_hidden_layers'],
            num_attention_heads=hf['num_attention_heads'], num_key_value_heads=hf['num_key_value_heads'],
            intermediate_size=hf['intermediate_size'], max_position_embeddings=hf['max_position_embeddings'])
    g = onnx.load(f'{src}/onnx/model.onnx').graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    state = {}
    for name, arr in inits.items():
        if name.startswith('m.'):
            state[name[2:]] = torch.from_numpy(arr.copy())
    for node in g.node:
        if node.op_type != 'MatMul':
            continue
        w = next((x for x in node.input if x in inits and not x.startswith('m.')), None)
        if w is None:
            continue
        path = node.name.strip('/').split('/')[1:-1]  # ['layers.0', 'self_attn', 'q_proj']
        state['.'.join(path) + '.weight'] = torch.from_numpy(inits[w].T.copy())
    model = Llama(c)
    missing = set(model.state_dict()) - set(state)
    if missing:
        sys.exit(f'weights not found in the graph: {sorted(missing)}')
    model.load_state_dict(state)
    torch.save({'cfg': c.to_dict(), 'model': model.state_dict(), 'source': src}, out)
    print('wrote', out, sum(p.numel() for p in model.parameters()), 'parameters')


if __name__ == '__main__':
    main()
