#!/usr/bin/env bash
# Builds models/builtin/code4me-tiny end to end: tools, corpus, tokenizer, encoding, training, export, int8,
# verification, quick eval. Each step is skipped when its output exists (delete the output to redo it).
# Env: STEPS / MAX_MINUTES / TRAIN_ARGS (extra train.py flags, e.g. bigger model on a GPU), OUT.
set -euo pipefail
cd "$(dirname "$0")/.."               # models/
ROOT=$(pwd)/..
R=recipe
W=$R/work
OUT=${OUT:-builtin/code4me-tiny}
PY=/usr/bin/python3                    # Debian python has torch; the pyenv python3 on PATH does not
STEPS=${STEPS:-12000}
MAX_MINUTES=${MAX_MINUTES:-88}
mkdir -p "$W"

# a. tools (Debian's torch needs OpenBLAS, else matmuls use reference BLAS at ~5 GFLOPS)
if ! $PY -c 'import torch, onnx, numpy' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-openmp ]; then
  apt-get install -y --no-install-recommends python3-torch python3-onnx python3-numpy libopenblas0-openmp
fi
[ -d "$ROOT/node_modules/@huggingface/tokenizers" ] || (cd "$ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm install)
if [ ! -d "$W/corpus-src/node_modules" ]; then
  mkdir -p "$W/corpus-src" && echo '{"name":"corpus-src","private":true}' > "$W/corpus-src/package.json"
  npm install --ignore-scripts --no-audit --no-fund --prefix "$W/corpus-src" $(grep -v '^#' $R/corpus-packages.txt)
fi

# b. corpus, c. tokenizer, encoding (val is plain left-to-right, no FIM)
[ -f "$W/train.jsonl" ] || $PY $R/build_corpus.py "$W"
[ -f "$W/tokenizer/tokenizer.json" ] || node $R/train-bpe.mjs "$W/train.jsonl" "$W/tokenizer" 4096 15
node $R/check-tokenizer.mjs "$W/tokenizer" "$W/heldout.jsonl"
[ -f "$W/train.bin" ] || node $R/encode-corpus.mjs "$W/tokenizer" "$W/train.jsonl" "$W/train.bin" 0.15 0
[ -f "$W/val.bin" ] || node $R/encode-corpus.mjs "$W/tokenizer" "$W/heldout.jsonl" "$W/val.bin" 0 1

# d. training (nice: the machine is shared with builds and tests)
if ! $PY -c "import torch,sys; sys.exit(0 if torch.load('$W/ckpt/ckpt.pt').get('final') else 1)" 2>/dev/null; then
  (cd $R && nice -n 10 $PY train.py --work work --steps "$STEPS" --max-minutes "$MAX_MINUTES" ${TRAIN_ARGS:-}) \
    2>&1 | tee "$W/train.log"
fi

# e. export, int8, golden logits, verification in onnxruntime-node
mkdir -p "$OUT/onnx"
cp "$W/tokenizer/tokenizer.json" "$W/tokenizer/tokenizer_config.json" "$OUT/"
(cd $R && $PY export_onnx.py work/ckpt/ckpt.pt "../$OUT" 17)
# lm_head (tied, fp32 activations) and down_proj stay fp32: quantizing them cost 2-3 logits of error (see card)
(cd $R && $PY quantize_int8.py "../$OUT/onnx/model.onnx" "../$OUT/onnx/model_quantized.onnx" --keep-lm-head --keep=down_proj)
(cd $R && $PY make_ref.py work/ckpt/ckpt.pt "../$OUT")
node $R/verify-onnx.mjs "$OUT"

# f. quick eval (rest-of-line on held-out cut points) and hand-written samples for the model card
(cd $R && $PY eval_quick.py work/ckpt/ckpt.pt work/heldout.jsonl --n 200 | tee work/eval.txt)
(cd $R && $PY samples.py work/ckpt/ckpt.pt | tee work/samples.txt)
