"""What the stance model sees of one actor mention and one demand mention in a parsed sentence.

A pair is described by the dependency path between the two mentions (its labels, the lemmas on
it, the word where they meet), the lexicon cues on or near that path with their polarity, the
negations, modals and conditions attached to it, and the words between the mentions. The same
function serves training passages and extraction, so the model sees the same features in both;
cues come from the lexicon in force (`Vocabulary`), never from a list written here.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "as long as", "once"})
_PATH_POS = ("VERB", "NOUN", "ADJ", "AUX", "ADP", "PART")


def _chain(tok: Token) -> list[Token]:
    """The token and its ancestors up to the sentence root."""
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _path(a: Token, d: Token) -> tuple[list[Token], Token, list[Token]]:
    """(tokens from a up to the meeting point, the meeting point, tokens from d up to it)."""
    up_a, up_d = _chain(a), _chain(d)
    on_d = {t.i for t in up_d}
    lca = next((t for t in up_a if t.i in on_d), up_a[-1])
    side_a = [t for t in up_a[: [t.i for t in up_a].index(lca.i)]]
    side_d = [t for t in up_d[: [t.i for t in up_d].index(lca.i)]] if lca.i in on_d else up_d
    return side_a, lca, side_d


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds `tok` (itself when it is one)."""
    for t in _chain(tok):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return tok


def _subject_of(cue: Token, actor: Span, others: list[Span]) -> str:
    """Whose cue it is: `self` (the actor is its clause's subject, or owns the cue noun),
    `other_actor`, `other` (another subject), `none` (no subject found)."""
    verb = _clause_verb(cue)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    subjects += [c for c in cue.children if c.dep_ == "poss"]
    if verb.dep_ in ("xcomp", "conj") and not subjects:  # "refused to accept", "met and backed"
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return "none"
    for sub in subjects:
        if actor.start <= sub.i < actor.end:
            return "self"
        for o in others:
            if o.start <= sub.i < o.end:
                return "other_actor"
    if any(t.i in range(actor.start, actor.end) for sub in subjects for t in sub.subtree):
        return "self"  # "the president of the union", "Acme and its partners"
    return "other"


def pair_features(
    sent: Span,
    actor: Span,
    demand: Span,
    cues: Iterable[tuple[Span, str, str]],
    other_actors: Iterable[Span] = (),
    speech_verbs: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Sparse binary features of the pair (`actor`, `demand`) in `sent` (both spans inside it)."""
    f: dict[str, float] = {"bias": 1.0}
    a, d = actor.root, demand.root
    side_a, lca, side_d = _path(a, d)
    path_tokens = side_a[1:] + [lca] + side_d[1:]
    on_path = {t.i for t in path_tokens} | {a.i, d.i}
    ups = [f"{t.dep_}^" for t in side_a]
    downs = [f"{t.dep_}v" for t in reversed(side_d)]
    f["path:" + "|".join(ups + downs)] = 1.0
    f["path_a:" + "|".join(ups[:2])] = 1.0
    f["path_d:" + "|".join(downs[-2:])] = 1.0
    f[f"path_len:{min(len(ups) + len(downs), 7)}"] = 1.0
    f[f"lca:{lca.lemma_.lower()}"] = 1.0
    f[f"lca_pos:{lca.pos_}"] = 1.0
    f[f"lca_deps:{ups[-1] if ups else '-'}|{downs[0] if downs else '-'}"] = 1.0
    for t in path_tokens:
        if t.i not in (a.i, d.i) and t.pos_ in _PATH_POS:
            f[f"on_path:{t.lemma_.lower()}"] = 1.0
    f[f"a_dep:{a.dep_}"] = 1.0
    f[f"a_head:{a.dep_}:{a.head.lemma_.lower()}"] = 1.0
    f[f"d_dep:{d.dep_}"] = 1.0
    f[f"d_head:{d.dep_}:{d.head.lemma_.lower()}"] = 1.0
    if lca.lemma_.lower() in speech_verbs and any(
        t.dep_ in ("nsubj", "nsubjpass") for t in side_a[:1]
    ):
        f["a_says"] = 1.0
    # negation, modality and conditions hanging on the path
    negs = 0
    for t in path_tokens + [a, d]:
        for c in t.children:
            if c.dep_ == "neg":
                negs += 1
                f[f"neg_on:{t.lemma_.lower()}"] = 1.0
            elif c.dep_ == "aux" and c.tag_ == "MD":
                f[f"modal:{c.lemma_.lower()}"] = 1.0
                f[f"modal_neg:{c.lemma_.lower()}:{negs % 2}"] = 1.0
            elif c.dep_ == "mark" and c.lower_ in CONDITION_MARKS:
                f[f"cond:{c.lower_}"] = 1.0
            elif c.dep_ == "advmod" and c.lower_ == "only":
                f["only"] = 1.0
    f[f"negs:{min(negs, 2)}"] = 1.0
    # lexicon cues: where they stand relative to the pair
    mentions = set(range(actor.start, actor.end)) | set(range(demand.start, demand.end))
    lo, hi = sorted((actor.start, demand.start))
    other_actors = list(other_actors)
    nearest: tuple[Token, str, str] | None = None
    for span, polarity, _phrase in cues:
        if any(t in mentions for t in range(span.start, span.end)):
            continue
        root = span.root
        if root.i in on_path or any(t.i in on_path for t in span):
            where = "path"
        elif any(t.i == d.i for t in root.subtree):
            where = "over_d"
        elif lo <= root.i < hi:
            where = "between"
        else:
            where = "out"
        f[f"cue_{where}:{polarity}"] = 1.0
        f[f"cue_{where}:{polarity}:neg{negs % 2}"] = 1.0
        if where in ("path", "over_d"):
            f[f"cue_lemma:{root.lemma_.lower()}"] = 1.0
            who = _subject_of(root, actor, other_actors)
            f[f"cue_{where}_subj:{who}:{polarity}"] = 1.0
            if nearest is None or abs(root.i - d.i) < abs(nearest[0].i - d.i):
                nearest = (root, polarity, who)
    if nearest is not None:
        f[f"near_cue:{nearest[1]}:{nearest[2]}"] = 1.0
        f[f"near_cue:{nearest[1]}:{nearest[2]}:neg{negs % 2}"] = 1.0
    else:
        f["no_cue_near"] = 1.0
    # other parties in the way, order and distance
    for o in other_actors:
        if o.root.i in on_path and o.root.i not in (a.i,):
            f["other_on_path"] = 1.0
        if lo <= o.start < hi:
            f["other_between"] = 1.0
    f["a_first" if actor.start < demand.start else "d_first"] = 1.0
    f[f"dist:{min(abs(demand.start - actor.start) // 4, 6)}"] = 1.0
    between = sent.doc[min(actor.end, demand.end) : max(actor.start, demand.start)]
    for t in between:
        if t.is_alpha and not t.is_stop or t.dep_ == "neg":
            f[f"bw:{t.lemma_.lower()}"] = 1.0
    if any(t.lower_ == "but" for t in sent):
        f["has_but"] = 1.0
    return f
