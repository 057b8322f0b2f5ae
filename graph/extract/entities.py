"""The actors of one article and what is said of them: entities, mentions, role facts."""

from dataclasses import dataclass, field

from actorgraph.graph.registry import slugify
from actorgraph.ontology import ID_NS


@dataclass(eq=False)
class Entity:
    """One actor of an article: a registry entry, or a new actor typed by its cues."""

    iri: str
    kind: str
    label: str
    entry: object = None            # registry ActorEntry, when linked
    forms: set = field(default_factory=set)
    types: tuple = ()
    part_of: object = None          # the Entity this one belongs to (a party's regional branch)

    @property
    def wikidata(self):
        return self.entry.wikidata if self.entry is not None else None


@dataclass(eq=False)
class Mention:
    start: int                      # token range [start, end)
    end: int
    sent: int
    entity: Entity = None
    how: str = "registry"           # registry, name, title, surname, pronoun, demonym, metonym
    attributive: bool = False       # names the state/org of a title, not a participant
    plural: bool = False


@dataclass(eq=False)
class RoleFact:
    holder: Entity
    relation: str
    of: Entity
    former: bool
    sent: int
    post: str = ""
    confidence: float = 0.9


def person_iri(name):
    return f"{ID_NS}person/{slugify(name)}"


def org_iri(name):
    return f"{ID_NS}org/{slugify(name)}"


def place_iri(name):
    return f"{ID_NS}place/{slugify(name)}"
