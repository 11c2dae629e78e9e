"""Near-duplicates and story clustering on real news text.

Snippets: WikiNews articles of the MultiLing 2011 set (CC BY 2.5), the
reference samples, and eight ECB+ articles of two like events
(tests/fixtures/stories/SOURCES.md).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from newsweave import stories
from newsweave import pipeline
from newsweave.model import Article, ClusteringSettings, Settings
from newsweave.nlp import parse_articles
from newsweave.stories import dedup
from newsweave.stories.cluster import Clusterer, cluster

RECALL = 0.7  # the recall pass's probability as chosen on all three benchmark collections (the default)

LONDON_1 = (
    "London bombing: Police search houses in Leeds\n\n"
    "West Yorkshire Police searched six houses in Leeds today in connection with the London bombings. "
    "Houses were searched in the Burley, Beeston and Holbeck areas. Further properties were searched in "
    "Dewsbury, about eight miles from the city centre. The raids began at 6:30am BST this morning after "
    "warrants were issued under the Terrorism Act 2000. Police are still in attendance at one property, and "
    "are describing the searches as significant, and \"intelligence led\".\n\n"
    "Access to one house was gained using a robot-deployed controlled explosion. Other houses were entered "
    "by armed police."
)
LONDON_2 = (
    "Metropolitan Police release photographs of one of the London bombers\n\n"
    "The Metropolitan Police released two photographs at 15:30 today as a result of an intense investigation "
    "into London bomb attacks of last week. The photographs show Hassib Hussain who is believed to be bomber "
    "of London bus #30. The first photograph is a passport photo of Hasib Hussain and the second shows is a "
    "crop of a CCTV image from Luton station at 7:20 on the day of the attack.\n\n"
    "The Metropolitan Police claimed in a statement that they believe that the 18 year old traveled from "
    "West Yorkshire."
)
CHILE_1 = (
    "8.8 magnitude earthquake hits Chile; tsunami warnings issued throughout Pacific rim\n\n"
    "An 8.8 magnitude earthquake was recorded in Chile on Saturday, killing at least 214 people and causing "
    "significant structural damage. The earthquake was felt in Chillan, Talca, Concepcion, and the capital "
    "Santiago. Sea level recording triggered tsunami warnings for Chile, Peru, and Ecuador. The earthquake, "
    "which started at 06.34.14 UTC, was felt as far as Argentina.\n\n"
    "This earthquake occurred at the boundary between the Nazca and South American tectonic plates."
)
CHILE_2 = (
    "New earthquake hits Chile\n\n"
    "A strong earthquake hit Chile at approximately at 14:52 local time (1852 UTC) on Friday. The United "
    "States Geological Survey first reported it reached a preliminary magnitude of 5.5, and the epicenter "
    "was located very close to Pichilemu, a coastal town in the O'Higgins Region. Exact distances were: "
    "102 kilometers to the northwest of Talca; 165km to the southwest of Santiago de Chile and 167km to the "
    "south of Valparaíso. The earthquake lasted approximately 30 seconds."
)
AID_1 = (
    "Aid pledges rise; Japan promises 500,000,000 USD\n\n"
    "In an abrupt about-face, the world's wealthiest nations have begun pouring funding into the "
    "Earthquake/Tsunami damaged region. Promised funds have doubled in the past 24 hours, to nearly 2 Billion "
    "U.S. dollars (USD). Japan tops the U.S.\n\n"
    "After the U.S. increased it's funding donation to 350 million USD, Japanese Prime Minister Junichiro "
    "Koizumi announced a half-billion dollar donation on Saturday, Jan. 1. China has promised 60.5 million "
    "USD, after Japan and the U.S., the United Kingdom and Sweden for largest single-nation donation."
)
AID_2 = (
    "Americans contribute to relief effort\n\n"
    "While complaints about the 'miserly' generosity of the Bush Administration have surfaced in recent days, "
    "donations and actions at the grassroots level have quietly illustrated the concern and sympathy felt by "
    "ordinary Americans.\n\n"
    "On Monday of this week, Jan Egeland, the UN's chief of emergency relief said that rich nations like the "
    "U.S. were being \"stingy\" by making small contributions. Egeland later recanted his statement, adding "
    "that America's contributions to Asia's tsunami relief was \"one of the most generous pledges so far.\""
)
TRUE_STORY = {"l1": "london", "l2": "london", "c1": "chile", "c2": "chile", "t1": "aid", "t2": "aid"}
TEXTS = {"l1": LONDON_1, "l2": LONDON_2, "c1": CHILE_1, "c2": CHILE_2, "t1": AID_1, "t2": AID_2}


def article(aid: str, text: str, published: str | None = None, outlet: str | None = None) -> Article:
    title = text.split("\n", 1)[0]
    return Article(aid, None, title, outlet, None, published, None, text)


def light_edit(text: str) -> str:
    """A syndicated copy: new dateline, a changed word, the last sentence cut."""
    body = text.split("\n\n", 1)[1]
    body = body.replace("today", "on Tuesday").replace("significant", "important")
    return "LONDON (Wire) - " + body.rsplit(".", 2)[0] + "."


@pytest.fixture(scope="module")
def parsed(models):
    return parse_articles([article(k, v) for k, v in TEXTS.items()], models)


@pytest.fixture(scope="module")
def features(parsed, models):
    return stories.article_features(parsed, models)


# -- near-duplicates ------------------------------------------------------------------------

@pytest.mark.parametrize("original, copy", [
    (LONDON_1, light_edit(LONDON_1)),
    (CHILE_1, CHILE_1.replace("at least 214", "at least 300")),
    (AID_1, AID_1 + "\n\nRead more about the relief effort on our website."),
    (LONDON_2, LONDON_2.split("\n\n", 1)[1]),  # the same body without its headline
])
def test_light_edits_are_copies(original, copy):
    found = dedup.find_copies([article("a1", original), article("a2", copy)])
    assert found == {"a2": "a1"}


@pytest.mark.parametrize("a, b", [(LONDON_1, LONDON_2), (CHILE_1, CHILE_2), (AID_1, AID_2), (LONDON_1, CHILE_1)])
def test_independent_reports_are_not_copies(a, b):
    assert dedup.find_copies([article("a1", a), article("a2", b)]) == {}


def test_original_is_the_earliest_published_and_chains_collapse():
    copy1 = light_edit(LONDON_1)
    copy2 = copy1.replace("armed police", "police officers")
    found = dedup.find_copies([article("a1", copy2, "2005-07-14"), article("a2", copy1, "2005-07-13"),
                               article("a3", LONDON_1, "2005-07-12")])
    assert found == {"a1": "a3", "a2": "a3"}


def test_short_texts_are_never_called_copies():
    assert dedup.find_copies([article("a1", "Police search houses."), article("a2", "Police search houses.")]) == {}


def test_mark_duplicates_sets_duplicate_of_and_sources_count_once(models):
    arts = [article("a1", LONDON_1, outlet=None), article("a2", light_edit(LONDON_1), outlet="Wire"),
            article("a3", LONDON_2, outlet="Other")]
    marked = stories.mark_duplicates(parse_articles(arts, models))
    assert [p.article.duplicate_of for p in marked] == [None, "a1", None]
    assert marked[1].article.text == arts[1].text  # nothing else changes
    sources = stories.independent_sources(marked)
    assert sources["a1"] == sources["a2"] != sources["a3"]


def test_same_outlet_counts_once():
    sources = stories.independent_sources([
        type("P", (), {"article": article("a1", LONDON_1, outlet="BBC News")})(),
        type("P", (), {"article": article("a2", LONDON_2, outlet="bbc news ")})(),
    ])
    assert sources["a1"] == sources["a2"]


# -- clustering -----------------------------------------------------------------------------

def partition(groups) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_mixed_articles_fall_into_their_stories(features):
    groups = cluster(features)
    assert partition(groups) == partition(
        [[k for k in TRUE_STORY if TRUE_STORY[k] == story] for story in ("london", "chile", "aid")])


@hsettings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_clustering_does_not_depend_on_input_order(features, seed):
    shuffled = list(features)
    random.Random(seed).shuffle(shuffled)
    assert partition(cluster(shuffled)) == partition(cluster(features))


def test_cluster_articles_keeps_copies_with_their_original(parsed, models):
    copy = parse_articles([replace(article("x1", light_edit(LONDON_1)), duplicate_of="l1")], models)
    groups = stories.cluster_articles([*parsed, *copy], models, ClusteringSettings())
    home = next(g for g in groups if any(p.article.id == "l1" for p in g))
    assert "x1" in {p.article.id for p in home}
    assert sum(len(g) for g in groups) == len(parsed) + 1


def test_new_articles_keep_existing_story_ids(features):
    by_id = {f.article: f for f in features}
    counter = iter(range(1, 100))
    clusterer = Clusterer([], lambda: f"s{next(counter)}")
    first = clusterer.add([by_id["l1"], by_id["c1"], by_id["t1"]])
    second = clusterer.add([by_id["l2"], by_id["c2"], by_id["t2"]])
    for old, new in (("l1", "l2"), ("c1", "c2"), ("t1", "t2")):
        assert second.story_of[new] == first.story_of[old]
    assert second.created == ()


def test_unrelated_single_article_is_not_forced_into_a_story(features):
    by_id = {f.article: f for f in features}
    groups = cluster([by_id["l1"], by_id["l2"], by_id["c1"]])
    assert partition(groups) == {frozenset({"l1", "l2"}), frozenset({"c1"})}


def test_far_apart_dates_push_articles_apart(features):
    by_id = {f.article: f for f in features}
    near = [replace(by_id["c1"], day=733830), replace(by_id["c2"], day=733835)]
    far = [replace(by_id["c1"], day=733830), replace(by_id["c2"], day=733830 + 400)]
    from newsweave.model import ClusteringSettings
    strict = ClusteringSettings(join=0.45, late_penalty=0.05, max_penalty=1.0)
    assert len(cluster(near, strict)) == 1
    assert len(cluster(far, strict)) == 2


def test_article_marks_are_the_names_numbers_and_years_a_text_gives():
    # ECB+ 2_1ecbplus (dev), as distributed: tokens joined by spaces.
    text = ("Ellen DeGeneres To Host 86th Oscars\nFriday August 2 , 2013 @ 8 : 13am PDT\n"
            "It will be her second stint in the job , after hosting the 2007 ceremony , watched by 2,000 guests .")
    marks = stories.article_marks(text, [("Ellen DeGeneres", "PERSON"), ("2013", "DATE"), ("second", "ORDINAL")])
    assert marks == ("e:ellen degeneres", "n:2000", "n:86th", "y:2007", "y:2013")


def test_marks_tell_two_events_of_one_kind_apart(models):
    # Two earthquake reports that share their words but not their place, magnitude or year.
    chile = parse_articles([article("c1", CHILE_1)], models)[0]
    other = CHILE_1.replace("8.8", "7.1").replace("Chile", "Haiti").replace("214", "316")
    haiti = parse_articles([article("h1", other)], models)[0]
    a = set(stories.article_features([chile], models)[0].marks)
    b = set(stories.article_features([haiti], models)[0].marks)
    assert {"n:8.8", "n:214", "e:chile"} <= a - b
    assert {"n:7.1", "n:316", "e:haiti"} <= b - a


def test_mark_features_read_shared_and_conflicting_years_and_numbers(features):
    from collections import Counter

    from newsweave.stories.cluster import StoryState
    from newsweave.stories.pairs import FEATURE_NAMES, pair_features

    by_id = {f.article: f for f in features}
    story = StoryState("s1")
    story.add(by_id["c1"])  # the 8.8 earthquake, 214 dead
    same = replace(by_id["c2"], marks=("e:chile", "n:8.8", "n:214"))
    other = replace(by_id["c2"], marks=("e:chile", "n:5.5", "y:2010"))
    one = np.zeros(1)
    rows = {name: dict(zip(FEATURE_NAMES, pair_features(f, [story], one, one, Counter(), 2, story.mark_counts)[0]))
            for name, f in (("same", same), ("other", other))}
    assert rows["same"]["number_share"] == 1.0 and rows["other"]["number_share"] == 0.0
    assert rows["same"]["numbers_both"] == rows["other"]["numbers_both"] == 1.0
    assert rows["other"]["years_both"] == 0.0  # the story names no year: no conflict to read
    assert rows["same"]["name_share"] == rows["other"]["name_share"] == 1.0


def test_stored_stories_keep_their_ids_when_articles_are_added(models, tmp_path):
    from newsweave.store import Store

    first_rows = [{"id": k, "text": TEXTS[k]} for k in ("l1", "c1", "t1")]
    later_rows = [{"id": k, "text": TEXTS[k]} for k in ("l2", "c2", "t2")]
    with Store(tmp_path / "news.db") as store:
        store.ingest(first_rows, models, Settings())
        before = {s.id: s.size for s in store.list_stories()}
        store.ingest(later_rows, models, Settings())
        after = {s.id: s.size for s in store.list_stories()}
    assert len(before) == 3 and all(n == 1 for n in before.values())
    assert after == {sid: 2 for sid in before}  # every story grew, none was renamed or added


def test_a_store_made_before_marks_gets_their_column(tmp_path):
    from newsweave.store import Store

    with Store(tmp_path / "news.db"):
        pass
    with sqlite3.connect(tmp_path / "news.db") as db:
        db.execute("ALTER TABLE stories DROP COLUMN mark_counts")
        db.execute("INSERT INTO stories (id, seq, size, vector_sum, core_sum, core, entity_counts)"
                   " VALUES ('s1', 1, 1, x'', x'', '[]', '{}')")
    with Store(tmp_path / "news.db") as store:
        loaded = store._load_stories()
    assert [(s.id, s.mark_counts) for s in loaded] == [("s1", {})]


def test_story_title_is_an_article_title(parsed, models):
    from newsweave.nlp import embed_sentences

    london = [p for p in parsed if TRUE_STORY[p.article.id] == "london"]
    assert stories.story_title(london, embed_sentences(london, models)) in {p.article.title for p in london}


# -- like events, stable ids, the store against a batch ----------------------------------------

OSCAR_HOSTS = Path(__file__).resolve().parent / "fixtures" / "stories" / "ecbplus_topic2.jsonl"


def oscar_rows() -> list[dict]:
    return [json.loads(line) for line in OSCAR_HOSTS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def oscar_parsed(models):
    """Two announcements of one kind (an Oscars host named, years apart), four reports each, parsed."""
    prepared = pipeline.prepare([{"id": r["id"], "text": r["text"]} for r in oscar_rows()], Settings())
    return pipeline.mark_copies(parse_articles(prepared.articles, models))


def test_two_events_of_one_kind_stay_apart_with_the_learned_scorer(oscar_parsed, models):
    # ECB+ topic 2 is of the dev split: the shipped scorer was trained on the train topics only.
    event = {r["id"]: r["subtopic"] for r in oscar_rows()}
    groups = stories.cluster_articles(oscar_parsed, models, ClusteringSettings(learned=True))
    found = partition([[p.article.id for p in g] for g in groups])
    assert all(len({event[a] for a in g}) == 1 for g in found), found
    assert found == partition([[a for a in event if event[a] == e] for e in ("ecb", "ecbplus")])


def test_learned_scorer_keeps_story_ids_when_articles_are_added(oscar_parsed, models, features):
    scorer = models.story_scorer
    assert scorer is not None
    by_id = {f.article: f for f in [*stories.article_features(oscar_parsed, models), *features]}
    counter = iter(range(1, 100))
    clusterer = Clusterer([], lambda: f"s{next(counter)}", ClusteringSettings(learned=True), scorer)
    first = clusterer.add([by_id[a] for a in ("ecb-2_1ecb", "ecb-2_2ecb", "ecb-2_1ecbplus", "l1", "c1")])
    second = clusterer.add([by_id[a] for a in ("ecb-2_3ecb", "ecb-2_2ecbplus", "l2", "c2")])
    for old, new in (("ecb-2_1ecb", "ecb-2_3ecb"), ("ecb-2_1ecbplus", "ecb-2_2ecbplus"), ("l1", "l2"),
                     ("c1", "c2")):
        assert second.story_of[new] == first.story_of[old]
    assert second.created == ()
    assert first.story_of["ecb-2_1ecb"] != first.story_of["ecb-2_1ecbplus"]


# With the learned scorer alone, the store fed 3 at a time put a report of one event with two of the
# other (its early chunks weigh words by a few articles' frequencies); with the recall pass
# (stories.merge) merging each chunk's parts, it gives the batch's stories (docs/BENCHMARKS.md). Its
# lexical gate (the default) keeps those early parts apart (they share too few rare words), so the
# learned scorer (off by default) is tested with the pass ungated; the default path with the gate.
@pytest.mark.parametrize("learned", [False, True])
def test_store_ingesting_in_chunks_gives_the_stories_of_one_batch(models, tmp_path, learned):
    from newsweave.store import Store

    rows = [{"id": r["id"], "text": r["text"]} for r in oscar_rows()]
    rows += [{"id": k, "text": v} for k, v in TEXTS.items()]
    random.Random(7).shuffle(rows)
    # The learned scorer (off by default) with the recall pass ungated; today's setting as it is.
    clustering = (ClusteringSettings(learned=True, merge_probability=RECALL, merge_lexical=0.0) if learned
                  else ClusteringSettings())
    settings = Settings(store_chunk=3, clustering=clustering)
    prepared = pipeline.prepare(rows, settings)
    batch = stories.cluster_articles(pipeline.mark_copies(parse_articles(prepared.articles, models)), models,
                                     settings.clustering)
    with Store(tmp_path / "news.db") as store:
        store.ingest(rows, models, settings)
    with sqlite3.connect(tmp_path / "news.db") as db:
        stored = {}
        for aid, sid in db.execute("SELECT id, story_id FROM articles"):
            stored.setdefault(sid, []).append(aid)
    assert partition(stored.values()) == partition([[p.article.id for p in g] for g in batch])


# -- the split pass: a story whose articles fall into two groups by their marks ---------------------

def test_todays_setting_splits_two_like_events_by_their_marks(oscar_parsed, models):
    event = {r["id"]: r["subtopic"] for r in oscar_rows()}
    apart = partition([[a for a in event if event[a] == e] for e in ("ecb", "ecbplus")])
    split = stories.cluster_articles(oscar_parsed, models, ClusteringSettings())
    unsplit = stories.cluster_articles(oscar_parsed, models, ClusteringSettings(split=0, split_event=0))
    assert partition([[p.article.id for p in g] for g in split]) == apart
    assert len(unsplit) == 1  # the words and leads alone make the two announcements one story


def test_one_story_of_five_reports_is_not_split(samples_dir, models):
    from newsweave.stories.split import split_groups

    prepared = pipeline.prepare([str(p) for p in sorted(samples_dir.glob("*.txt"))], Settings())
    parsed = parse_articles(prepared.articles, models)
    marks = [stories.article_marks(p.article.text, ((e.text, e.label_) for e in p.doc.ents)) for p in parsed]
    df = Counter(m for ms in marks for m in ms)
    # Five outlets' reports of one event name it differently; sides of two are allowed here (the
    # setting asks for three), so any cut would be found.
    assert split_groups(marks, df, 200, ClusteringSettings().split, 2) == [list(range(len(marks)))]


def test_split_groups_finds_two_events_by_their_names_and_years():
    from newsweave.stories.split import split_groups

    first = ("e:academy", "e:hugh jackman", "e:oscars", "y:2009", "n:81st")
    second = ("e:academy", "e:ellen degeneres", "e:oscars", "y:2014", "n:86th")
    marks = [first, second, first[:4], second[:4], first[1:], second[1:]]
    df = Counter(m for ms in marks for m in ms)
    assert split_groups(marks, df, 50, 0.4, 3) == [[0, 2, 4], [1, 3, 5]]
    assert split_groups(marks, df, 50, 0.0, 3) == [list(range(6))]  # 0: never split


def test_a_stored_story_splits_when_a_later_chunk_touches_it(oscar_parsed, models, tmp_path):
    from newsweave.store import Store

    rows = {r["id"]: {"id": r["id"], "text": r["text"]} for r in oscar_rows()}
    event = {r["id"]: r["subtopic"] for r in oscar_rows()}
    last = "ecb-2_2ecbplus"
    with Store(tmp_path / "news.db") as store:
        store.ingest([r for a, r in rows.items() if a != last], models,
                     Settings(clustering=ClusteringSettings(split=0, split_event=0)))
        (before,) = [s.id for s in store.list_stories()]  # seven articles of both events, one story
        store.ingest([rows[last]], models, Settings())
        after = {s.id: s.size for s in store.list_stories()}
    with sqlite3.connect(tmp_path / "news.db") as db:
        stored: dict[str, list[str]] = {}
        for aid, sid in db.execute("SELECT id, story_id FROM articles"):
            stored.setdefault(sid, []).append(aid)
    assert partition(stored.values()) == partition([[a for a in event if event[a] == e] for e in ("ecb", "ecbplus")])
    assert before in after and sorted(after.values()) == [4, 4]


def test_years_named_apart_make_two_reports_less_alike():
    from newsweave.stories.split import mark_similarities, year_conflicts

    marks = [("e:klitschko", "y:2008"), ("e:klitschko", "y:2012", "y:2013"), ("e:klitschko",),
             ("e:klitschko", "y:2008", "y:2012"), ("e:klitschko", "y:2014")]
    conflicts = year_conflicts(marks)
    assert conflicts[0, 1] == conflicts[0, 4] == 1.0  # both name years, all of them years apart
    assert conflicts[0, 2] == conflicts[0, 3] == conflicts[1, 3] == 0.0  # no year, or one shared
    assert conflicts[1, 4] == 0.0  # 2013 and 2014: the next year's ceremony is announced in this one's
    df = Counter(m for ms in marks for m in ms)
    plain, penalised = mark_similarities(marks, df, 20), mark_similarities(marks, df, 20, 0.2)
    assert penalised[0, 1] == pytest.approx(max(plain[0, 1] - 0.2, 0.0))
    assert penalised[0, 3] == pytest.approx(plain[0, 3])


# -- the recall pass: two stories that tell one story merge (stories.merge) --------------------------

# A join so strict that each report of London and the aid stands alone, with the recall pass on and
# ungated: the two reports of each share few words (TF-IDF cosine 0.15 and 0.04 among these six
# texts), so the default gate (0.2) would keep them apart; the model's decision is what is tested.
STRICT_JOIN = ClusteringSettings(join=0.7, merge_probability=RECALL, merge_lexical=0.0)


def test_recall_pass_joins_the_reports_a_strict_join_left_apart(features, models):
    without = partition(cluster(features, STRICT_JOIN))
    merged = partition(cluster(features, STRICT_JOIN, None, models.story_merger))
    truth = partition([[a for a, s in TRUE_STORY.items() if s == story] for story in set(TRUE_STORY.values())])
    assert frozenset({"l1"}) in without and frozenset({"t1"}) in without
    assert merged == truth


def test_recall_pass_keeps_two_like_events_apart(oscar_parsed, models):
    from newsweave.stories.cluster import StoryState

    event = {r["id"]: r["subtopic"] for r in oscar_rows()}
    states = []
    for f in stories.article_features(oscar_parsed, models):
        if not any(s.id == event[f.article] for s in states):
            states.append(StoryState(event[f.article]))
        next(s for s in states if s.id == event[f.article]).add(f)
    clusterer = Clusterer(states, lambda: "new", ClusteringSettings(merge_probability=RECALL),
                          merger=models.story_merger)
    assert clusterer.merge_recall({"ecb", "ecbplus"}, {"ecb", "ecbplus"}) == {}
    # The same two stories with the pass's probability near 0 merge: the model, not the pairing, keeps them apart.
    eager = Clusterer(states, lambda: "new", ClusteringSettings(merge_probability=1e-9, merge_lexical=0.0),
                      merger=models.story_merger)
    assert eager.merge_recall({"ecb", "ecbplus"}, {"ecb", "ecbplus"}) == {"ecbplus": "ecb"}


def test_recall_pass_keeps_the_older_story_id(features, models):
    by_id = {f.article: f for f in features}
    counter = iter(range(1, 100))
    clusterer = Clusterer([], lambda: f"s{next(counter)}", STRICT_JOIN, merger=models.story_merger)
    first = clusterer.add([by_id[a] for a in ("l1", "c1", "t1")])
    second = clusterer.add([by_id[a] for a in ("l2", "c2", "t2")])
    for old, new in (("l1", "l2"), ("c1", "c2"), ("t1", "t2")):
        assert second.story_of[new] == first.story_of[old]
    assert second.created == ()


def test_recall_pass_merges_only_stories_that_share_rare_words(features, models):
    from newsweave.stories.cluster import StoryState

    # Each true story of the fixture (London, Chile, the tsunami aid) as one story: with the model's
    # probability near 0 only the lexical gate stands between them.
    states = {}
    for f in features:
        states.setdefault(TRUE_STORY[f.article], StoryState(TRUE_STORY[f.article])).add(f)
    ids = set(states)
    gated = Clusterer(list(states.values()), lambda: "new", ClusteringSettings(merge_probability=1e-9),
                      merger=models.story_merger)
    assert gated.merge_recall(set(ids), set(ids)) == {}
    ungated = Clusterer(list(states.values()), lambda: "new",
                        ClusteringSettings(merge_probability=1e-9, merge_lexical=0.0), merger=models.story_merger)
    assert ungated.merge_recall(set(ids), set(ids)) != {}


def test_recall_pass_by_default_merges_two_parts_that_share_rare_words(features, models):
    from newsweave.stories.cluster import StoryState

    # The two Chile reports (TF-IDF cosine 0.23 among the six texts) as two stories, beside the rest.
    states = {}
    for f in features:
        key = f.article if TRUE_STORY[f.article] == "chile" else TRUE_STORY[f.article]
        states.setdefault(key, StoryState(key)).add(f)
    clusterer = Clusterer(list(states.values()), lambda: "new", ClusteringSettings(), merger=models.story_merger)
    assert clusterer.merge_recall({"c1", "c2"}, set(states)) == {"c2": "c1"}
