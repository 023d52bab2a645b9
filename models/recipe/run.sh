#!/usr/bin/env bash
# Builds models/builtin/code4me-tiny end to end: tools, corpus, tokenizer, encoding, two training stages, export,
# verification, quick eval. Each step is skipped when its output exists (delete the output to redo it).
# Env: STEPS / MAX_MINUTES (stage 1), STAGE2_MINUTES (0 skips stage 2), TRAIN_ARGS (extra train.py flags for
# both stages, e.g. a bigger model on a GPU), OUT, INT8=1 (also build and check the int8 file, not shipped),
# RESUME_FROM=<model dir> (skip stage 1: rebuild its checkpoint from that model's ONNX weights, as the shipped
# model's stage 2 did after stage 1's checkpoint was lost).
set -euo pipefail
cd "$(dirname "$0")/.."               # models/
ROOT=$(pwd)/..
R=recipe
W=$R/work
OUT=${OUT:-builtin/code4me-tiny}
PY=/usr/bin/python3                    # Debian python has torch; the pyenv python3 on PATH does not
STEPS=${STEPS:-12000}
MAX_MINUTES=${MAX_MINUTES:-88}
STAGE2_MINUTES=${STAGE2_MINUTES:-80}
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

# d. training (nice: the machine is shared with builds and tests). Stage 1 from scratch; stage 2 continues from
# stage 1's weights with a fresh warm-up, a lower peak LR and another data order: the stage 1 curve was still
# falling, and a restart anneals better than one long cosine whose length must be guessed up front.
final() { $PY -c "import torch,sys; sys.exit(0 if torch.load('$1').get('final') else 1)" 2>/dev/null; }
if [ -n "${RESUME_FROM:-}" ]; then
  [ -f "$W/ckpt/ckpt.pt" ] || (mkdir -p "$W/ckpt" && cd $R && $PY onnx_to_ckpt.py "../$RESUME_FROM" work/ckpt/ckpt.pt)
elif ! final "$W/ckpt/ckpt.pt"; then
  (cd $R && nice -n 10 $PY train.py --work work --steps "$STEPS" --max-minutes "$MAX_MINUTES" ${TRAIN_ARGS:-}) \
    2>&1 | tee "$W/train.log"
fi
CKPT=work/ckpt/ckpt.pt
if [ "$STAGE2_MINUTES" != 0 ]; then
  if ! final "$W/ckpt2/ckpt.pt"; then
    (cd $R && nice -n 10 $PY train.py --work work --out work/ckpt2 --init work/ckpt/ckpt.pt --steps 100000 \
      --max-minutes "$STAGE2_MINUTES" --lr 1e-3 --min-lr 5e-5 --warmup 200 --seed 1 --eval-every 600 ${TRAIN_ARGS:-}) \
      2>&1 | tee "$W/train2.log"
  fi
  CKPT=work/ckpt2/ckpt.pt
fi

# e. export (logits of the last position only: a generation-only graph), golden logits, verification in
# onnxruntime-node. int8 is opt-in: at this size it is slower and less accurate than fp32 (see the card).
mkdir -p "$OUT/onnx"
cp "$W/tokenizer/tokenizer.json" "$W/tokenizer/tokenizer_config.json" "$OUT/"
(cd $R && $PY export_onnx.py "$CKPT" "../$OUT" 17)
if [ "${INT8:-0}" = 1 ]; then
  # lm_head (tied, fp32 activations) and down_proj stay fp32: quantizing them cost 2-3 logits of error
  (cd $R && $PY quantize_int8.py "../$OUT/onnx/model.onnx" "../$OUT/onnx/model_quantized.onnx" --keep-lm-head --keep=down_proj)
  node $R/compare-int8.mjs "$OUT" "$W/heldout.jsonl" 30
fi
(cd $R && $PY make_ref.py "$CKPT" "../$OUT")
node $R/verify-onnx.mjs "$OUT"

# f. quick eval (rest-of-line on held-out cut points) and hand-written samples for the model card
(cd $R && $PY eval_quick.py "$CKPT" work/heldout.jsonl --n 200 | tee work/eval.txt)
(cd $R && $PY samples.py "$CKPT" | tee work/samples.txt)
