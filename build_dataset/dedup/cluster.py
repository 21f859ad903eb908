"""From verified pairs to duplicate groups, without chaining, and the canonical member of each group.

Pairs that ``dedup_relation`` finds to be a copy or a version link articles into connected components.
Within a component every pair is scored and verified (not only the candidates), and average-linkage
clustering cuts it where the mean score between two clusters drops below the threshold; a pair that is ruled
out (a different story, or nothing shared) never ends up in one group. So a copy joins a group only when it
matches the group as a whole, and A~B and B~C do not put unrelated A and C together. Components are
clustered in id order, so the result does not depend on the order of the input.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.cluster.hierarchy import linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from build_dataset.dedup.candidates import pair_codes, sorted_lookup
from build_dataset.dedup.forked import map_forked
from build_dataset.dedup.index import CorpusIndex
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.dedup.relation import FactTable, Verdicts, verdicts
from build_dataset.dedup.score import cosine, covered_shares, in_order_share

# The cut (``match_threshold``), the largest component scored pair by pair (``max_dense_component``: a larger
# one, such as ~1,100 formula notices of the full Reuters corpus, is clustered from its scored candidate pairs
# alone by star clustering: members join the most central unassigned article they match, so no member is in a
# group whose canonical it does not match) and the canonical key's ``contains_weight`` are the step's
# thresholds (``dedup.options``).
# The distance average linkage sees between two ruled-out articles: so large that no two clusters holding
# such a pair are ever merged, whatever their other members' scores.
RULED_OUT_DISTANCE = 1e6


@dataclass
class Known:
    """What the candidate stage computed for some of a component's pairs (``rows``: a mask over the pairs in
    ``combinations`` order): their ``covered_shares``, cosines and verdicts. Each is a function of its pair
    alone, so the component's other pairs are scored as if none were known, with the same result."""

    rows: np.ndarray
    shares: np.ndarray
    cosine: np.ndarray
    verdicts: Verdicts


@dataclass
class Group:
    members: np.ndarray  # document numbers, sorted
    canonical: int
    score_to_canonical: np.ndarray  # alignment of each member with the canonical (1.0 on the canonical)
    relation_to_canonical: np.ndarray  # ``dedup_relation`` code of each member with the canonical (0 on it)


def linked_components(n_docs: int, pairs: np.ndarray, linked: np.ndarray) -> list[np.ndarray]:
    """Components (size >= 2) of the graph whose edges are the linked pairs (a copy or a version)."""
    edges = pairs[linked]
    if not len(edges):
        return []
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n_docs, n_docs))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [members for members in np.split(order, bounds) if len(members) > 1]


@dataclass
class DenseScores:
    """Scores of every pair of a component's members, as square matrices (1 on the diagonal)."""

    alignment: np.ndarray  # max(cover, cover.T)
    cover: np.ndarray  # cover[i, j]: share of member j's sentence weight matched in member i
    cosine: np.ndarray
    relation: np.ndarray  # ``dedup_relation`` code of each pair (symmetric, 0 on the diagonal)
    ruled_out: np.ndarray  # bool, symmetric

    def sub(self, inside: np.ndarray) -> DenseScores:
        cut = np.ix_(inside, inside)
        return DenseScores(
            self.alignment[cut], self.cover[cut], self.cosine[cut], self.relation[cut], self.ruled_out[cut]
        )


def _symmetric(n: int, upper: tuple[np.ndarray, np.ndarray], values: np.ndarray, diagonal) -> np.ndarray:
    matrix = np.full((n, n), diagonal, dtype=np.asarray(values).dtype)
    matrix[upper] = values
    matrix[upper[1], upper[0]] = values
    return matrix


def dense_scores(
    index: CorpusIndex,
    members: np.ndarray,
    facts: FactTable,
    options: DedupOptions = DEDUP_DEFAULTS,
    known: Known | None = None,
) -> DenseScores:
    """Every pair of ``members`` scored; ``known`` holds what the candidate stage computed for some of them."""
    pairs = np.array(list(combinations(members, 2)), dtype=np.int64).reshape(-1, 2)
    n = len(members)
    upper = np.triu_indices(n, k=1)
    shares, cos, found = _pair_scores(index, pairs, facts, options, known)
    cover = np.eye(n)
    cover[upper[1], upper[0]] = shares[:, 0]
    cover[upper] = shares[:, 1]
    nothing = share_nothing(cover, _symmetric(n, upper, found.nothing_shared, False), options.contained)
    return DenseScores(
        np.maximum(cover, cover.T),
        cover,
        _symmetric(n, upper, cos, 1.0),
        _symmetric(n, upper, found.relation, 0),
        _symmetric(n, upper, found.ruled_out, False) | nothing,
    )


def _pair_scores(
    index: CorpusIndex, pairs: np.ndarray, facts: FactTable, options: DedupOptions, known: Known | None
) -> tuple[np.ndarray, np.ndarray, Verdicts]:
    """Shares, cosines and verdicts of ``pairs``: the ``known`` rows as given, the others computed."""
    todo = np.ones(len(pairs), dtype=bool) if known is None else ~known.rows
    shares, cos = np.zeros((len(pairs), 4)), np.zeros(len(pairs))
    relation = np.zeros(len(pairs), dtype=np.int8)
    ruled_out, nothing = np.zeros(len(pairs), dtype=bool), np.zeros(len(pairs), dtype=bool)
    if known is not None:
        shares[known.rows], cos[known.rows] = known.shares, known.cosine
        relation[known.rows], ruled_out[known.rows] = known.verdicts.relation, known.verdicts.ruled_out
        nothing[known.rows] = known.verdicts.nothing_shared
    if todo.any():
        shares[todo] = covered_shares(index, pairs[todo], options=options)
        cos[todo] = cosine(index, pairs[todo])
        in_order = functools.partial(in_order_share, index, match_share=options.in_order_match)
        found = verdicts(shares[todo], cos[todo], pairs[todo], facts, in_order, options)
        relation[todo], ruled_out[todo], nothing[todo] = found.relation, found.ruled_out, found.nothing_shared
    return shares, cos, Verdicts(relation, ruled_out, nothing)


def share_nothing(
    cover: np.ndarray, nothing_shared: np.ndarray, contained: float = DEDUP_DEFAULTS.contained
) -> np.ndarray:
    """The pairs that share nothing and that no member holds both of (covers at least ``contained``): two
    parts of one original are its copies; two stories a third one merely quotes are not one story."""
    held = (cover >= contained).astype(np.int32)
    return nothing_shared & ((held.T @ held) == 0)


def average_linkage(
    similarity: np.ndarray, ruled_out: np.ndarray, match_threshold: float = DEDUP_DEFAULTS.match_threshold
) -> np.ndarray:
    """Cluster labels: average linkage on 1 - similarity, cut where the mean similarity < threshold; two
    clusters holding a ruled-out pair are never merged."""
    distance = np.where(ruled_out, RULED_OUT_DISTANCE, np.clip(1.0 - similarity, 0.0, 1.0))
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return distance_cut(tree, 1.0 - match_threshold)


def distance_cut(tree: np.ndarray, threshold: float) -> np.ndarray:
    """Flat cluster labels of a linkage ``tree``: members are together where their cophenetic distance (the greatest
    merge height below their common node) is at most ``threshold``, as ``fcluster(tree, threshold, "distance")``
    partitions them (labels may be numbered otherwise). fcluster validates the tree on every call: on the 100k Reuters
    incremental build's ~13k small components that was 60% of the cut's time (a cProfile run)."""
    n, rows = len(tree) + 1, tree.tolist()
    highest = [0.0] * n
    for a, b, height, _ in rows:
        highest.append(max(height, highest[int(a)], highest[int(b)]))
    label: dict[int, int] = {}
    for node in range(2 * n - 2, n - 1, -1):
        own = label.get(node)
        if own is None and highest[node] <= threshold:
            own = label[node] = node  # a node's number names its flat cluster: no other node's can be the same
        if own is not None:
            a, b = rows[node - n][:2]
            label[int(a)] = label[int(b)] = own
    return np.array([label.get(leaf, leaf) for leaf in range(n)], dtype=np.int64)


def canonical_member(
    members: np.ndarray,
    scores: DenseScores,
    index: CorpusIndex,
    contains_weight: float = DEDUP_DEFAULTS.contains_weight,
) -> int:
    """Position of the canonical member: the most complete original, not a garbled copy.

    Key: mean TF-IDF cosine to the other members (the original is the centre its copies deviate from), plus
    ``contains_weight`` x the mean share of the others' text it contains (an original contains its trimmed
    copies, a trimmed copy lacks the rest), minus the share of its words that no other page has (misspelt
    names, OCR noise). Ties go to the member with more distinct words, then to the smallest id.
    """
    n = len(members)
    mean_cos = (scores.cosine.sum(axis=1) - 1.0) / max(n - 1, 1)
    contains = (scores.cover.sum(axis=1) - 1.0) / max(n - 1, 1)
    key = mean_cos + contains_weight * contains - index.unique_word_share[members]
    indptr = index.tfidf.indptr
    length = indptr[members + 1] - indptr[members]
    ranked = sorted(range(n), key=lambda k: (-round(float(key[k]), 6), -length[k], members[k]))
    return ranked[0]


def groups_of_component(
    state: tuple[CorpusIndex, FactTable, DedupOptions], work: tuple[np.ndarray, Known]
) -> list[Group]:
    index, facts, options = state
    members, known = work
    scores = dense_scores(index, members, facts, options, known)
    labels = average_linkage(scores.alignment, scores.ruled_out, options.match_threshold)
    groups = []
    for label in np.unique(labels):
        inside = np.flatnonzero(labels == label)
        if len(inside) < 2:
            continue
        best = canonical_member(members[inside], scores.sub(inside), index, options.contains_weight)
        centre = inside[best]
        relation = _relation_to_canonical(scores.relation[np.ix_(inside, inside)], best)
        groups.append(Group(members[inside], int(members[centre]), scores.alignment[centre, inside], relation))
    return groups


def _relation_to_canonical(relation: np.ndarray, canonical: int) -> np.ndarray:
    """Each member's relation with the canonical; a member the group holds through other members (a copy of
    an earlier take) takes its strongest relation with them (version over copy), a copy at least."""
    found = relation[canonical].copy()
    indirect = found == 0
    indirect[canonical] = False
    found[indirect] = np.maximum(relation[indirect].max(axis=1, initial=0), 1)
    return found


def star_groups(members: np.ndarray, pairs: np.ndarray, scores: np.ndarray, found: Verdicts) -> list[Group]:
    """Star clustering on the linked pairs among ``members``: centres by total match score, then id."""
    inside = np.isin(pairs[:, 0], members) & np.isin(pairs[:, 1], members) & found.linked
    edges, weights, relations = pairs[inside], scores[inside], found.relation[inside]
    neighbours: dict[int, dict[int, tuple[float, int]]] = {int(m): {} for m in members}
    for (a, b), weight, relation in zip(edges.tolist(), weights.tolist(), relations.tolist()):
        neighbours[a][b] = neighbours[b][a] = (weight, relation)
    centrality = {m: sum(weight for weight, _ in linked.values()) for m, linked in neighbours.items()}
    assigned: set[int] = set()
    groups = []
    for centre in sorted(neighbours, key=lambda m: (-centrality[m], m)):
        if centre in assigned:
            continue
        joined = sorted(m for m in neighbours[centre] if m not in assigned)
        assigned.update(joined, [centre])
        if joined:
            group = np.array(sorted([centre, *joined]))
            linked = [(1.0, 0) if m == centre else neighbours[centre][m] for m in group]
            groups.append(Group(group, centre, np.array([w for w, _ in linked]), np.array([r for _, r in linked])))
    return groups


def duplicate_groups(
    index: CorpusIndex,
    pairs: np.ndarray,
    scored: tuple[np.ndarray, np.ndarray],
    found: Verdicts,
    facts: FactTable,
    stats: Counter,
    workers: int = 1,
    options: DedupOptions = DEDUP_DEFAULTS,
    bounded: np.ndarray | None = None,
) -> list[Group]:
    """Groups of two or more; every document not in one is a group of its own. ``scored`` holds the
    (``covered_shares``, cosines) and ``found`` the verdicts of the candidate ``pairs``; ``bounded`` marks the pairs
    whose shares are an earlier build's (``PairStore.bounded_pairs``): the pairs with this build's shares are those
    whose cosine reaches ``cos_floor`` and are not bounded. Components are clustered in ``workers`` processes (the
    result is the same for any number)."""
    components = [np.sort(members) for members in linked_components(index.n_docs, pairs, found.linked)]
    dense = [members for members in components if len(members) <= options.max_dense_component]
    fresh = scored[1] >= options.cos_floor
    if bounded is not None:
        fresh &= ~bounded
    dense = reuse_pair_scores(dense, pairs, scored, found, fresh)
    clustered = iter(map_forked(groups_of_component, dense, (index, facts, options), workers))
    groups = []
    for members in components:
        if len(members) > options.max_dense_component:
            stats["star_clustered_components"] += 1
            groups.extend(star_groups(members, pairs, scored[0][:, :2].max(axis=1, initial=0.0), found))
        else:
            groups.extend(next(clustered))
    return groups


def reuse_pair_scores(
    work: list[np.ndarray], pairs: np.ndarray, scored: tuple[np.ndarray, np.ndarray], found: Verdicts,
    fresh: np.ndarray,
) -> list[tuple[np.ndarray, Known | None]]:
    """Each component with what the candidate stage computed for its pairs (``fresh``: the candidate pairs with this
    build's shares; a pair whose shares are an earlier build's (``PairStore.bounded_pairs``), or that was not
    aligned, is scored again), so clustering does not align those pairs a second time (on the 100k Reuters incremental
    build, ~19k components of about five copies each: 20 s of clustering, measured once)."""
    shares, cos = scored
    rows_of_fresh = np.flatnonzero(fresh)
    width = int(pairs.max(initial=0)) + 1
    codes = pair_codes(pairs[rows_of_fresh], width)
    order = np.argsort(codes, kind="stable")
    codes, rows_of_fresh = codes[order], rows_of_fresh[order]
    reused = []
    for members in work:
        wanted = pair_codes(np.array(list(combinations(members.tolist(), 2)), dtype=np.int64).reshape(-1, 2), width)
        at, have = sorted_lookup(codes, wanted)
        if not have.any():
            reused.append((members, None))
            continue
        k = rows_of_fresh[at[have]]
        kept = Verdicts(found.relation[k], found.ruled_out[k], found.nothing_shared[k])
        reused.append((members, Known(have, shares[k], cos[k], kept)))
    return reused
