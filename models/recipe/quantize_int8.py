# Hand-written int8 dynamic quantization (no onnxruntime.quantization in Debian): the same rewrite quantize_dynamic
# does. MatMul with a constant 2-D weight -> DynamicQuantizeLinear(x) + MatMulInteger(x_q, W_q int8 per column)
# + Cast + Mul(x_scale * w_scale). The embedding table becomes int8 per row + DequantizeLinear(axis=0).
# Also undoes the exporter's constant-folded Transpose of the tied embedding (pitfall 7) in the fp32 file.
# Usage: quantize_int8.py <model.onnx> <model_quantized.onnx>
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def untie_copy(model):
    """Replace an initializer that equals another one transposed by a Transpose node (halves the lm_head bytes)."""
    g = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    two_d = {n: a for n, a in inits.items() if a.ndim == 2}
    for n, a in two_d.items():
        for m, b in two_d.items():
            if n != m and a.shape == b.shape[::-1] and a.shape[0] != a.shape[1] and np.array_equal(a, b.T) \
                    and a.size >= b.size and n.startswith('onnx::'):
                g.initializer.remove(next(i for i in g.initializer if i.name == n))
                g.node.insert(0, helper.make_node('Transpose', [m], [n], perm=[1, 0], name=f'untie_{m}'))
                return n
    return None


def quantize(model, keep_lm_head=False, keep=()):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    produced_by_transpose = {n.output[0]: n.input[0] for n in g.node if n.op_type == 'Transpose'
                             and n.input[0] in inits}
    new_nodes, drop = [], set()
    for node in g.node:
        w_name = node.input[1] if node.op_type == 'MatMul' else None
        w = None
        if w_name in inits and numpy_helper.to_array(inits[w_name]).ndim == 2:
            w = numpy_helper.to_array(inits[w_name])
        elif w_name in produced_by_transpose and not keep_lm_head:  # tied lm_head: W.T as its own int8 weight
            w = numpy_helper.to_array(inits[produced_by_transpose[w_name]]).T
        if w is None or any(k in node.name for k in keep):
            new_nodes.append(node)
            continue
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0  # per output column, symmetric
        wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        p = node.name.replace('/', '_') or w_name
        g.initializer.extend([numpy_helper.from_array(wq, f'{p}_Wq'),
                              numpy_helper.from_array(np.zeros(w.shape[1], np.int8), f'{p}_Wzp'),
                              numpy_helper.from_array(scale.astype(np.float32), f'{p}_Wscale')])
        x = node.input[0]
        new_nodes += [
            helper.make_node('DynamicQuantizeLinear', [x], [f'{p}_xq', f'{p}_xs', f'{p}_xzp'], name=f'{p}_dql'),
            helper.make_node('MatMulInteger', [f'{p}_xq', f'{p}_Wq', f'{p}_xzp', f'{p}_Wzp'], [f'{p}_acc'], name=f'{p}_mmi'),
            helper.make_node('Cast', [f'{p}_acc'], [f'{p}_accf'], to=TensorProto.FLOAT, name=f'{p}_cast'),
            helper.make_node('Mul', [f'{p}_xs', f'{p}_Wscale'], [f'{p}_s'], name=f'{p}_smul'),
            helper.make_node('Mul', [f'{p}_accf', f'{p}_s'], [node.output[0]], name=f'{p}_out'),
        ]
        drop.add(w_name)
    del g.node[:]
    g.node.extend(new_nodes)
    quantize_embedding(g, inits)
    used = {i for n in g.node for i in n.input}
    for name in drop:
        if name in inits and name not in used:
            g.initializer.remove(inits[name])
    # Transpose nodes feeding only quantized MatMuls are now dead.
    dead = [n for n in g.node if n.op_type == 'Transpose' and n.output[0] not in used]
    for n in dead:
        g.node.remove(n)


def quantize_embedding(g, inits):
    for node in g.node:
        if node.op_type == 'Gather' and node.input[0] in inits:
            emb = numpy_helper.to_array(inits[node.input[0]])
            if emb.ndim != 2:
                continue
            scale = np.maximum(np.abs(emb).max(axis=1), 1e-8) / 127.0
            q = np.clip(np.round(emb / scale[:, None]), -127, 127).astype(np.int8)
            name = node.input[0]
            g.initializer.remove(inits[name])
            g.initializer.extend([numpy_helper.from_array(q, f'{name}_q'),
                                  numpy_helper.from_array(scale.astype(np.float32), f'{name}_scale'),
                                  numpy_helper.from_array(np.zeros(emb.shape[0], np.int8), f'{name}_zp')])
            g.node.insert(0, helper.make_node('DequantizeLinear', [f'{name}_q', f'{name}_scale', f'{name}_zp'],
                                              [name], axis=0, name=f'{name}_dq'))
            return


def main():
    src, dst = sys.argv[1], sys.argv[2]
    keep_lm_head = '--keep-lm-head' in sys.argv
    keep = [a.split('=', 1)[1] for a in sys.argv if a.startswith('--keep=')]  # node-name substrings left fp32
    model = onnx.load(src)
    if untie_copy(model):
        onnx.save(model, src)  # fp32 file without the duplicated transposed embedding
    quantize(model, keep_lm_head, keep)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print('wrote', dst)


if __name__ == '__main__':
    main()
