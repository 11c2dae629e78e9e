"""The story index of the clusterer: cosines from norms kept per row equal those of the whole matrix."""

from __future__ import annotations

import numpy as np

from newsweave.stories.cluster import TERM_DIM, Features, StoryState, _Index
from newsweave.nlp import EMBEDDING_DIM


def _story(rng, n: int) -> StoryState:
    s = StoryState(f"t{n}")
    s.vector_sum = rng.standard_normal(EMBEDDING_DIM).astype(np.float32) * (n + 1)
    terms = rng.random(TERM_DIM).astype(np.float32)
    terms[rng.random(TERM_DIM) < 0.95] = 0  # hashed TF-IDF sums are mostly empty
    s.term_sum = terms
    return s


def test_cosines_after_appends_and_updates_equal_those_of_the_whole_matrix():
    rng = np.random.default_rng(7)
    stories = [_story(rng, n) for n in range(40)]  # past the first 16 rows: the matrices grow
    index = _Index()
    for s in stories:
        index.append(s)
    stories[3].vector_sum = stories[3].vector_sum + stories[5].vector_sum  # an article joined story 3
    stories[3].term_sum = stories[3].term_sum + stories[5].term_sum
    index.update(3, stories[3])
    stories[9].vector_sum = np.zeros(EMBEDDING_DIM, dtype=np.float32)  # its last article left
    stories[9].term_sum = np.zeros(TERM_DIM, dtype=np.float32)
    index.update(9, stories[9])
    f = Features("a1", stories[5].vector_sum / np.linalg.norm(stories[5].vector_sum), (), None, "k",
                 stories[5].term_sum / np.linalg.norm(stories[5].term_sum), True, ())
    cos, lexical = index.cosines(f)
    vectors = np.stack([s.vector_sum for s in stories])
    terms = np.stack([s.term_sum for s in stories])
    assert np.array_equal(cos, vectors @ f.vector / np.clip(np.linalg.norm(vectors, axis=1), 1e-9, None))
    assert np.array_equal(lexical, terms @ f.terms / np.clip(np.linalg.norm(terms, axis=1), 1e-9, None))
    assert cos[9] == 0 and lexical[9] == 0 and int(np.argmax(cos)) == 5 and int(np.argmax(lexical)) == 5
