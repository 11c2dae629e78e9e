"""The stories the summary's tests share: a `Story` ready for the stage, and four MultiLing reports of Haiti's earthquake.

The `haiti` fixture (tests/conftest.py) parses them once for the whole session.
"""

from __future__ import annotations

from newsweave import stories
from newsweave.context import StoryContext
from newsweave.model import Article
from newsweave.nlp import embed_sentences, parse_articles
from newsweave.summary import summarize_story

# Cut from MultiLing 2011 English topic M006 (WikiNews, CC BY 2.5); input order is
# deliberately not chronological.
HAITI = [
    ('M0064', '2010-01-29', (
        'Haiti rescue efforts continue, but survivors face increasing insecurity\n'
        '\n'
        'Friday, January 29, 2010\n'
        '\n'
        "The survivors from the recent 7.0 magnitude earthquake in Haiti are now facing increasing insecurity from human traffickers and convicts escaped from collapsed prisons, officials have cautioned, even as aid is flowing into the country. The acting head of the UN's Haitian mission, meanwhile, says that that full reconstruction could take several decades. As many as 200,000 people were killed by the tremors, which struck on January 12, and 1.5 million people have been left without homes.\n"
        '\n'
        'Anthony Banbury, the deputy head of the UN mission in the earthquake-ravaged country, commented to the Agence France-Presse (AFP) news agency that survivors queuing for aid sometimes turned violent. He commented that while the aid is vital for the country, "it can be a source of insecurity because it attracts big crowds and there can be disorder around food distribution."\n'
        '\n'
        '"[It is] absolutely necessary that we get enough food, enough water, enough shelter for the people, and enough security. I don\'t think any of us are anywhere near being close to being satisfied, because so much more needs to be done," he added. "[We must] do things smart, as well as fast, and that\'s a big challenge for us now."'
    )),
    ('M0061', '2010-01-20', (
        '6.1 magnitude aftershock earthquake hits Haiti\n'
        '\n'
        'Wednesday, January 20, 2010\n'
        '\n'
        'A strong earthquake has once again struck Haiti, eight days after a 7.0 magnitude quake left much of the nation in ruins.\n'
        '\n'
        "The US Geological Survey said the latest tremor had a magnitude of 6.1 and was centered 59 kilometres from the capital Port-au-Prince, which was devastated by the initial quake. It occurred at 06.03 local time (11.03 UTC). There were no immediate reports of damage or injuries from the aftershock, which comes as an international aid effort is underway to help those affected by last week's powerful earthquake.\n"
        '\n'
        '"People are still very traumatised here," said a reporter for the Al Jazeera news agency who was in Haiti when the aftershock struck. "It\'s 6.30 in the morning, but people have taken to the streets with whatever belongings they have. A lot of buildings did not collapse in the quake [a week ago] but they have cracks. We do not have any reports of damage yet."'
    )),
    ('M0060', '2010-01-12', (
        '7.0 magnitude earthquake strikes off Haitian coast\n'
        '\n'
        'Tuesday, January 12, 2010\n'
        '\n'
        "A 7.0 magnitude earthquake has struck off the coast of Haiti earlier today at 21:53 UTC, according to the US Geological Survey (USGS). According to the US National Oceanic and Atmospheric Administration, no tsunami warning was issued, contradicting some media reports that said there was one in place. The quake's magnitude was revised down from an initial report of 7.3 on the Richter scale.\n"
        '\n'
        '"A destructive widespread tsunami threat does not exist based on historical earthquake and tsunami data," the US Pacific Tsunami Warning Center said. "However, there is the possibility of a local tsunami that could affect coasts located usually no more than a 100 km [60 miles] from the earthquake epicentre."\n'
        '\n'
        'The USGS reports that the epicentre was fifteen kilometres (ten miles) southwest of Port-au-Prince and 1,140 kilometers (708 miles) southeast of Miami, Florida, at a depth of ten kilometres.'
    )),
    ('M0062', '2010-01-13', (
        'Details emerge in Haiti earthquake; thousands feared dead\n'
        '\n'
        'Wednesday, January 13, 2010\n'
        '\n'
        'A massive earthquake, registering 7.0 on the moment magnitude scale, struck Haiti yesterday, destroying many buildings, disrupting communications, and burying an unknown number of people underneath rubble. Thousands of people are feared to have been killed by the tremors, which were felt as far away as Venezuela.\n'
        '\n'
        'Witnesses say bodies were lining the streets of the capital, Port-au-Prince, after the quake struck on Tuesday afternoon, sending a cloud of dust from falling buildings into the sky. The quake was centered about sixteen kilometers from the capital, and struck at a depth of just ten kilometers, exacerbating the damage. At least 27 aftershocks were also recorded, the strongest of which came in at 5.5 and 5.9 magnitude. A tsunami alert was initially issued following the tremor, but it was retracted shortly afterwards.\n'
        '\n'
        "Buildings across the capital have collapsed, including the presidential palace and the headquarters of the United Nations peacekeeping mission in Haiti. However, the president, René Préval, and his wife reportedly survived the collapse of the building. The country's envoy to the United States believed damage costs could reach billions of dollars."
    )),
]


class Story:
    """A story ready for the stage: parsed articles, sentence vectors, independent sources."""

    def __init__(self, parsed, models=None, vectors=None):
        self.parsed = list(parsed)
        self.vectors = vectors if vectors is not None else embed_sentences(self.parsed, models)
        self.sources = stories.independent_sources(self.parsed)
        self.articles = {p.article.id: p.article for p in self.parsed}

        self._summaries: dict[int, list] = {}

    def summarize(self, words: int):
        """The stage's summary at `words` words (computed once per budget)."""
        if words not in self._summaries:
            context = StoryContext(tuple(self.parsed), self.vectors, self.sources)
            self._summaries[words] = summarize_story(context, words)
        return self._summaries[words]


def haiti_articles() -> list[Article]:
    """The four Haiti reports (MultiLing M006, cut) as articles, each its own source."""
    # No outlet: each report counts as its own source, as unattributed inputs do.
    return [Article(id=name, path=None, title=text.split("\n", 1)[0], outlet=None, url=None,
                    published=date, published_from="metadata", text=text)
            for name, date, text in HAITI]


def dated_reports(models, reports) -> tuple[StoryContext, dict[str, Article]]:
    """A story's context, as the summary stage gets it, from (id, date, text) reports, and its articles by id.

    The first line of each text is its title; the date is the article's own.
    """
    articles = [Article(id=name, path=None, title=text.split("\n", 1)[0], outlet=None, url=None,
                        published=date, published_from="metadata", text=text)
                for name, date, text in reports]
    parsed = parse_articles(articles, models)
    context = StoryContext(tuple(parsed), embed_sentences(parsed, models), stories.independent_sources(parsed))
    return context, {a.id: a for a in articles}
