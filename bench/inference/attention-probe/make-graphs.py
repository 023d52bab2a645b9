# Builds the two one-layer attention graphs that bench/inference/attention-probe/run.ts compares, with the shape
# of code4me-tiny's attention (4 heads x 32, 4 KV heads), so the probe needs no model and no PyTorch:
#   concat-attention.onnx  plain ONNX ops, as our export does: Concat(past, new) -> QK^T -> Softmax -> AV;
#                          the present cache is a new tensor every step (the whole cache is copied)
#   gqa-attention.onnx     ONNX Runtime's com.microsoft GroupQueryAttention with a shared past/present buffer
#                          (the cache is written in place at each row's own length, as onnxruntime-genai does)
# Usage: /usr/bin/python3 make-graphs.py   (needs python3-onnx; the outputs are committed)
import onnx
from onnx import TensorProto as T, helper

H, KVH, D = 4, 4, 32


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def save(nodes, inputs, outputs, path, initializers=()):
    graph = helper.make_graph(nodes, path.split('.')[0], inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid('', 17), helper.make_opsetid('com.microsoft', 1)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name='code4me attention-probe')
    onnx.checker.check_model(model)
    onnx.save(model, path)


gqa = helper.make_node(
    'GroupQueryAttention', ['q', 'k', 'v', 'past_key', 'past_value', 'seqlens_k', 'total_sequence_length'],
    ['out', 'present_key', 'present_value'], domain='com.microsoft', num_heads=H, kv_num_heads=KVH)
save([gqa], [
    vi('q', T.FLOAT, ['B', 1, H * D]), vi('k', T.FLOAT, ['B', 1, KVH * D]), vi('v', T.FLOAT, ['B', 1, KVH * D]),
    vi('past_key', T.FLOAT, ['B', KVH, 'M', D]), vi('past_value', T.FLOAT, ['B', KVH, 'M', D]),
    vi('seqlens_k', T.INT32, ['B']), vi('total_sequence_length', T.INT32, []),
], [
    vi('out', T.FLOAT, ['B', 1, H * D]), vi('present_key', T.FLOAT, ['B', KVH, 'M', D]),
    vi('present_value', T.FLOAT, ['B', KVH, 'M', D]),
], 'gqa-attention.onnx')

scale = helper.make_tensor('scale', T.FLOAT, [], [D ** -0.5])
save([
    helper.make_node('Concat', ['past_key', 'k'], ['present_key'], axis=2),
    helper.make_node('Concat', ['past_value', 'v'], ['present_value'], axis=2),
    helper.make_node('Transpose', ['present_key'], ['kt'], perm=[0, 1, 3, 2]),
    helper.make_node('MatMul', ['q', 'kt'], ['scores_raw']),
    helper.make_node('Mul', ['scores_raw', 'scale'], ['scores']),
    helper.make_node('Softmax', ['scores'], ['probs'], axis=-1),
    helper.make_node('MatMul', ['probs', 'present_value'], ['out']),
], [
    vi('q', T.FLOAT, ['B', H, 1, D]), vi('k', T.FLOAT, ['B', KVH, 1, D]), vi('v', T.FLOAT, ['B', KVH, 1, D]),
    vi('past_key', T.FLOAT, ['B', KVH, 'P', D]), vi('past_value', T.FLOAT, ['B', KVH, 'P', D]),
], [
    vi('out', T.FLOAT, ['B', H, 1, D]), vi('present_key', T.FLOAT, ['B', KVH, 'T', D]),
    vi('present_value', T.FLOAT, ['B', KVH, 'T', D]),
], 'concat-attention.onnx', [scale])
